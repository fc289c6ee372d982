using CircuitSpec.Errors;
using static TorchSharp.torch;

namespace CircuitSpec.Features;

/// <summary>How a feature's spatial map becomes one number per example.</summary>
public enum SpatialMode { Centre, At, Max, Mean }

/// <summary>
/// How to read a feature over positions: the centre position (the default, as the Circuits articles do for
/// synthetic stimuli drawn at the centre), a given (x, y), or the maximum or mean over all positions.
/// </summary>
public sealed record SpatialReading(SpatialMode Mode, int X = 0, int Y = 0)
{
    public static SpatialReading Centre { get; } = new(SpatialMode.Centre);
    public static SpatialReading Max { get; } = new(SpatialMode.Max);
    public static SpatialReading Mean { get; } = new(SpatialMode.Mean);

    public static SpatialReading At(int x, int y) => new(SpatialMode.At, x, y);

    /// <summary>Reads a map [N, H, W] (or [N] for a layer without positions) as [N].</summary>
    public Tensor Apply(Tensor map)
    {
        if (map.dim() == 1) return map;
        var (h, w) = (map.shape[1], map.shape[2]);
        return Mode switch
        {
            SpatialMode.Centre => map[.., h / 2, w / 2],
            SpatialMode.At when X >= 0 && X < w && Y >= 0 && Y < h => map[.., Y, X],
            SpatialMode.At => throw new CircuitSpecException($"Position (x={X}, y={Y}) is outside the {w}×{h} map (x in 0–{w - 1}, y in 0–{h - 1})."),
            SpatialMode.Max => map.flatten(1).amax(1),
            _ => map.flatten(1).mean([1]),
        };
    }

    public override string ToString() => Mode switch
    {
        SpatialMode.At => $"at (x={X}, y={Y})",
        SpatialMode.Centre => "at the centre",
        _ => $"{Mode.ToString().ToLowerInvariant()} over positions",
    };
}
