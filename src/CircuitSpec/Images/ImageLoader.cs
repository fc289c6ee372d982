using CircuitSpec.Errors;
using CircuitSpec.Networks;
using SkiaSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Images;

/// <summary>Decodes photos (JPEG, PNG, BMP, …) with SkiaSharp into RGB tensors, and prepares them for a model.</summary>
public static class ImageLoader
{
    /// <summary>
    /// Decodes an image, resizes its shorter side to <paramref name="resizeTo"/> and centre-crops
    /// <paramref name="size"/>×<paramref name="size"/>; returns RGB in [0, 1], shape [1, 3, size, size].
    /// </summary>
    public static Tensor LoadRgb(string path, int size, int? resizeTo = null)
    {
        if (!File.Exists(path)) throw new CircuitSpecException($"Image '{path}' does not exist.");
        using var decoded = SKBitmap.Decode(path)
            ?? throw new CircuitSpecException($"Image '{path}' could not be decoded (supported: JPEG, PNG, BMP, GIF, WebP).");
        var shorter = resizeTo ?? size;
        var scale = (double)shorter / Math.Min(decoded.Width, decoded.Height);
        var width = Math.Max(size, (int)Math.Round(decoded.Width * scale));
        var height = Math.Max(size, (int)Math.Round(decoded.Height * scale));
        using var resized = decoded.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul),
            new SKSamplingOptions(SKCubicResampler.Mitchell));
        var left = (width - size) / 2;
        var top = (height - size) / 2;
        var pixels = new float[3 * size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var c = resized.GetPixel(left + x, top + y);
                pixels[y * size + x] = c.Red / 255f;
                pixels[size * size + y * size + x] = c.Green / 255f;
                pixels[2 * size * size + y * size + x] = c.Blue / 255f;
            }
        return tensor(pixels, [1, 3, size, size]);
    }

    /// <summary>One call from a photo file to a model input: decode, resize (shorter side 256/224 of the input), crop, normalize.</summary>
    public static Tensor Preprocess(string path, InputConvention convention)
    {
        using var scope = NewDisposeScope();
        var rgb = LoadRgb(path, convention.Height, convention.Height * 256 / 224);
        return convention.Normalize(rgb).MoveToOuterDisposeScope();
    }
}
