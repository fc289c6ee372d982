using TorchSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Stimuli;

/// <summary>
/// Pixel-centre coordinates of a square image, in pixels from its centre: X to the right, Y upwards (so angles are
/// counter-clockwise from "right", as in the Circuits articles' orientation plots). Shapes [1, H, W].
/// </summary>
internal sealed class Grid
{
    public Grid(int size, Device device)
    {
        Size = size;
        // An explicit scalar held to the end: TorchSharp 0.107 leaves an implicitly converted one to its finalizer,
        // which can free it while libtorch still reads it (seen as a crash in toFloat under parallel tests).
        using var offset = (0.5f - size / 2f).ToScalar();
        var axis = arange(size, dtype: ScalarType.Float32, device: device).add_(offset);
        X = axis.view(1, 1, size).expand(1, size, size);
        Y = -axis.view(1, size, 1).expand(1, size, size);
    }

    public int Size { get; }
    public Tensor X { get; }
    public Tensor Y { get; }

    /// <summary>Each pixel's distance to the point (x, y), for per-stimulus points [B, 1, 1].</summary>
    public Tensor DistanceTo(Tensor x, Tensor y) => ((X - x).square() + (Y - y).square()).sqrt();

    /// <summary>Coverage of a stroke whose centre line is at distance <paramref name="distance"/>: a one-pixel box filter.</summary>
    public static Tensor Stroke(Tensor distance, Tensor width) => (width / 2 - distance + 0.5).clamp(0, 1);

    /// <summary>Coverage of a region with signed distance <paramref name="signed"/> (negative inside).</summary>
    public static Tensor Fill(Tensor signed) => (0.5 - signed).clamp(0, 1);

    public static Tensor Radians(Tensor degrees) => degrees * (Math.PI / 180);

    /// <summary>Wraps angles (radians) to (−π, π].</summary>
    public static Tensor Wrap(Tensor radians) => atan2(radians.sin(), radians.cos());
}
