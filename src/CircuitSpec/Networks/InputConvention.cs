using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Networks;

/// <summary>The order of colour channels a model expects.</summary>
public enum ChannelOrder { Rgb, Bgr }

/// <summary>
/// What a model expects at its input: size, layout, value range, channel order and per-channel normalization.
/// Pixel values in [0, 1] RGB are mapped to <c>(v * Scale - Mean[c]) / Std[c]</c> in the model's channel order.
/// </summary>
public sealed record InputConvention(
    int Height,
    int Width,
    int Channels,
    ChannelOrder Order,
    float Scale,
    float[] Mean,
    float[] Std,
    string Description)
{
    /// <summary>
    /// A per-pixel mean image ([C, H, W] in the model's channel order, already scaled), subtracted instead of
    /// <see cref="Mean"/> when set (e.g. CNTK's ImageNet ResNet-18).
    /// </summary>
    public float[]? MeanImage { get; init; }

    /// <summary>The shape of a batch of <paramref name="batch"/> inputs, NCHW.</summary>
    public long[] Shape(long batch = 1) => [batch, Channels, Height, Width];

    /// <summary>RGB in [0, 1], no normalization (e.g. Tiny Darknet).</summary>
    public static InputConvention UnitRgb(int size, string description) =>
        new(size, size, 3, ChannelOrder.Rgb, 1f, [0f, 0f, 0f], [1f, 1f, 1f], description);

    /// <summary>A convention for models whose input is not an image (e.g. conformance graphs).</summary>
    public static InputConvention Raw(long[] shape)
    {
        var channels = shape.Length > 1 ? (int)shape[1] : 1;
        return new(shape.Length > 2 ? (int)shape[2] : 1, shape.Length > 3 ? (int)shape[3] : 1, channels, ChannelOrder.Rgb, 1f,
            new float[channels], Enumerable.Repeat(1f, channels).ToArray(), $"raw tensor input [{string.Join(", ", shape)}]");
    }

    /// <summary>
    /// The same convention for images of another size (feature visualizations are often smaller than the model's
    /// input): a per-pixel mean image is replaced by its per-channel means.
    /// </summary>
    public InputConvention AtSize(int height, int width)
    {
        if (height == Height && width == Width) return this;
        if (MeanImage is not { } image) return this with { Height = height, Width = width };
        var plane = Height * Width;
        var means = Enumerable.Range(0, Channels).Select(c => (float)image.Skip(c * plane).Take(plane).Average(v => (double)v)).ToArray();
        return this with { Height = height, Width = width, MeanImage = null, Mean = means };
    }

    /// <summary>
    /// Maps RGB images in [0, 1], [N, 3, H, W], to this model's input: channel order, scale, mean and std.
    /// The size must already match (see the image loading helpers for resizing).
    /// </summary>
    public Tensor Normalize(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var x = Order == ChannelOrder.Bgr ? rgb.flip(1) : rgb;
        var mean = MeanImage is { } image
            ? tensor(image, device: rgb.device).view(1, Channels, Height, Width)
            : tensor(Mean, device: rgb.device).view(1, -1, 1, 1);
        var std = tensor(Std, device: rgb.device).view(1, -1, 1, 1);
        return ((x.Times(Scale) - mean) / std).MoveToOuterDisposeScope();
    }
}
