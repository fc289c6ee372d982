using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CircuitSpec.Visualization;

/// <summary>
/// Transformation robustness (Lucid's standard transforms): each step sees the image padded, jittered, slightly
/// scaled and rotated, then jittered again, so that the optimum is a picture rather than an adversarial pattern.
/// Draws come from a seeded <see cref="Random"/>: the same seed gives the same sequence of transforms.
/// </summary>
public sealed record Transforms(int Pad = 12, int Jitter = 8, double[]? Scales = null, int MaxRotation = 10, int FinalJitter = 4)
{
    public static Transforms Standard { get; } = new();

    /// <summary>No transforms at all (for tests of the optimizer itself).</summary>
    public static Transforms None { get; } = new(0, 0, [1.0], 0, 0);

    private double[] ScaleChoices => Scales ?? Enumerable.Range(0, 11).Select(i => 1 + (i - 5) / 50.0).ToArray();

    internal Tensor Apply(Tensor images, Random random)
    {
        var x = Pad > 0 ? F.pad(images, [Pad, Pad, Pad, Pad], value: 0.5) : images;
        x = Crop(x, Jitter, random);
        var scale = ScaleChoices[random.Next(ScaleChoices.Length)];
        var angle = (random.Next(2 * MaxRotation + 1) - MaxRotation) * Math.PI / 180;
        if (scale != 1 || angle != 0)
        {
            var (c, s) = (Math.Cos(angle) / scale, Math.Sin(angle) / scale);
            var theta = tensor(new[] { (float)c, (float)-s, 0f, (float)s, (float)c, 0f }, [1, 2, 3], device: x.device).expand(x.shape[0], 2, 3);
            var grid = F.affine_grid(theta, x.shape, align_corners: false);
            x = F.grid_sample(x, grid, padding_mode: GridSamplePaddingMode.Reflection, align_corners: false);
        }
        x = Crop(x, FinalJitter, random);
        // Back to the optimized size: models with fixed strides or asymmetric padding need the size they were given.
        return x.shape[2] == images.shape[2] && x.shape[3] == images.shape[3] ? x
            : F.interpolate(x, [images.shape[2], images.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
    }

    private static Tensor Crop(Tensor x, int jitter, Random random)
    {
        if (jitter <= 0) return x;
        var (dy, dx) = (random.Next(jitter + 1), random.Next(jitter + 1));
        var (h, w) = (x.shape[2] - jitter, x.shape[3] - jitter);
        return x[.., .., TensorIndex.Slice(dy, dy + h), TensorIndex.Slice(dx, dx + w)];
    }
}
