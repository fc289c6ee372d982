using CircuitSpec.Runtime;
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
        var axis = HeldArithmetic.Range(size, ScalarType.Float32, device).PlusInPlace(0.5f - size / 2f);
        X = axis.view(1, 1, size).expand(1, size, size);
        Y = -axis.view(1, size, 1).expand(1, size, size);
    }

    public int Size { get; }
    public Tensor X { get; }
    public Tensor Y { get; }

    /// <summary>Each pixel's distance to the point (x, y), for per-stimulus points [B, 1, 1].</summary>
    public Tensor DistanceTo(Tensor x, Tensor y) => (X - x).Squared().Plus((Y - y).Squared()).sqrt();

    /// <summary>Coverage of a stroke whose centre line is at distance <paramref name="distance"/>: a one-pixel box filter.</summary>
    public static Tensor Stroke(Tensor distance, Tensor width) => (width.DividedBy(2) - distance).Plus(0.5).Clamped(0, 1);

    /// <summary>Coverage of a region with signed distance <paramref name="signed"/> (negative inside).</summary>
    public static Tensor Fill(Tensor signed) => signed.SubtractedFrom(0.5).Clamped(0, 1);

    public static Tensor Radians(Tensor degrees) => degrees.Times(Math.PI / 180);

    /// <summary>Wraps angles (radians) to (−π, π].</summary>
    public static Tensor Wrap(Tensor radians) => atan2(radians.sin(), radians.cos());
}
