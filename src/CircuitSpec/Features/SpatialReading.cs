using CircuitSpec.Errors;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Features;

/// <summary>How a feature's spatial map becomes one number per example.</summary>
public enum SpatialMode { Centre, At, Max, Mean }

/// <summary>
/// How to read a feature over positions: the centre (the default, as the Circuits articles do for synthetic stimuli
/// drawn at the centre), a given (x, y), or the maximum or mean over all positions. The centre is where the input
/// image's centre lies on the map — mapped through the strides and padding of the layers before it where the model
/// knows them, else the map's own centre. Where neighbouring positions are one input pixel apart (no stride before
/// the layer) it is read by bilinear interpolation, since on an even-sized map it falls between two positions half a
/// pixel off either side; after strides, neighbours see the input several pixels apart and interpolating would mix two
/// differently placed detectors, so the position nearest the centre is read (a tie goes to the higher index).
/// </summary>
public sealed record SpatialReading(SpatialMode Mode, int X = 0, int Y = 0)
{
    public static SpatialReading Centre { get; } = new(SpatialMode.Centre);
    public static SpatialReading Max { get; } = new(SpatialMode.Max);
    public static SpatialReading Mean { get; } = new(SpatialMode.Mean);

    public static SpatialReading At(int x, int y) => new(SpatialMode.At, x, y);

    /// <summary>
    /// Reads a map [N, H, W] (or [N] for a layer without positions) as [N]; <paramref name="centre"/> is the continuous
    /// (row, column) of the input's centre on this map, when known.
    /// </summary>
    public Tensor Apply(Tensor map, Networks.MapCentre? centre = null)
    {
        if (map.dim() == 1) return map;
        var (h, w) = (map.shape[1], map.shape[2]);
        return Mode switch
        {
            SpatialMode.Centre => ReadCentre(map, centre ?? new Networks.MapCentre((h - 1) / 2.0, (w - 1) / 2.0, 1, 1)),
            SpatialMode.At when X >= 0 && X < w && Y >= 0 && Y < h => map[.., Y, X],
            SpatialMode.At => throw new CircuitSpecException($"Position (x={X}, y={Y}) is outside the {w}×{h} map (x in 0–{w - 1}, y in 0–{h - 1})."),
            SpatialMode.Max => map.flatten(1).amax(1),
            _ => map.flatten(1).mean([1]),
        };
    }

    private static Tensor ReadCentre(Tensor map, Networks.MapCentre at)
    {
        var (h, w) = (map.shape[1], map.shape[2]);
        static double Nearest(double c) => Math.Floor(c + 0.5);
        var (y, x) = (Math.Clamp(at.StrideY > 1 ? Nearest(at.Y) : at.Y, 0, h - 1), Math.Clamp(at.StrideX > 1 ? Nearest(at.X) : at.X, 0, w - 1));
        var (y0, x0) = ((long)Math.Floor(y), (long)Math.Floor(x));
        var (y1, x1) = (Math.Min(y0 + 1, h - 1), Math.Min(x0 + 1, w - 1));
        var (fy, fx) = (y - y0, x - x0);
        if (fy == 0 && fx == 0) return map[.., y0, x0];
        return map[.., y0, x0].Times((1 - fy) * (1 - fx)).Plus(map[.., y0, x1].Times((1 - fy) * fx))
            .Plus(map[.., y1, x0].Times(fy * (1 - fx))).Plus(map[.., y1, x1].Times(fy * fx));
    }

    public override string ToString() => Mode switch
    {
        SpatialMode.At => $"at (x={X}, y={Y})",
        SpatialMode.Centre => "at the centre",
        _ => $"{Mode.ToString().ToLowerInvariant()} over positions",
    };
}
