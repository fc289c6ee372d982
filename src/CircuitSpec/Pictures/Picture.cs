using System.Runtime.InteropServices;
using CircuitSpec.Errors;
using CircuitSpec.Runtime;
using SkiaSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Pictures;

/// <summary>
/// An image a person looks at: a feature visualization, a weight diagram, a plot, a stimulus. Opaque RGBA, 8 bits a
/// channel; written as PNG atomically (a temporary file renamed into place), so a killed run never leaves half a file.
/// </summary>
public sealed class Picture
{
    private readonly byte[] _rgba;

    public Picture(int width, int height, byte[] rgba)
    {
        if (rgba.Length != width * height * 4)
            throw new CircuitSpecException($"A {width}×{height} picture needs {width * height * 4} RGBA bytes, not {rgba.Length}.");
        (Width, Height, _rgba) = (width, height, rgba);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The pixels, row by row, 4 bytes (R, G, B, A) each.</summary>
    public ReadOnlySpan<byte> Rgba => _rgba;

    /// <summary>An RGB image tensor [3, H, W] (or [1, 3, H, W]) with values in [0, 1].</summary>
    public static Picture FromTensor(Tensor rgb)
    {
        using var scope = NewDisposeScope();
        var image = rgb.dim() == 4 ? rgb[0] : rgb;
        if (image.dim() != 3 || image.shape[0] != 3)
            throw new CircuitSpecException($"A picture needs an RGB tensor [3, H, W]; this one is [{string.Join(", ", rgb.shape)}].");
        var (height, width) = ((int)image.shape[1], (int)image.shape[2]);
        var bytes = image.detach().cpu().to(float32).permute(1, 2, 0).Times(255).round().Clamped(0, 255).to(ScalarType.Byte).contiguous().data<byte>().ToArray();
        var rgba = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            rgba[4 * i] = bytes[3 * i];
            rgba[4 * i + 1] = bytes[3 * i + 1];
            rgba[4 * i + 2] = bytes[3 * i + 2];
            rgba[4 * i + 3] = 255;
        }
        return new Picture(width, height, rgba);
    }

    /// <summary>The picture as an RGB tensor [3, H, W] with values in [0, 1] (the inverse of <see cref="FromTensor"/>).</summary>
    public Tensor ToTensor()
    {
        var rgb = new float[3 * Width * Height];
        var plane = Width * Height;
        for (var i = 0; i < plane; i++)
            for (var c = 0; c < 3; c++)
                rgb[c * plane + i] = _rgba[4 * i + c] / 255f;
        return tensor(rgb, [3, Height, Width]);
    }

    /// <summary>Copies a Skia bitmap (any colour type) into a picture.</summary>
    public static Picture FromBitmap(SKBitmap bitmap)
    {
        using var converted = new SKBitmap(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(converted))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawBitmap(bitmap, 0, 0);
        }
        var rgba = new byte[bitmap.Width * bitmap.Height * 4];
        Marshal.Copy(converted.GetPixels(), rgba, 0, rgba.Length);
        for (var i = 3; i < rgba.Length; i += 4) rgba[i] = 255;
        return new Picture(bitmap.Width, bitmap.Height, rgba);
    }

    /// <summary>Decodes PNG (or JPEG, BMP) bytes.</summary>
    public static Picture Decode(byte[] encoded)
    {
        using var bitmap = SKBitmap.Decode(encoded) ?? throw new CircuitSpecException("These bytes are not an image SkiaSharp can decode.");
        return FromBitmap(bitmap);
    }

    /// <summary>Decodes a PNG (or JPEG, BMP) file.</summary>
    public static Picture Load(string path)
    {
        if (!File.Exists(path)) throw new CircuitSpecException($"Picture file '{Path.GetFullPath(path)}' does not exist.");
        using var bitmap = SKBitmap.Decode(path) ?? throw new CircuitSpecException($"'{Path.GetFullPath(path)}' is not an image SkiaSharp can decode.");
        return FromBitmap(bitmap);
    }

    /// <summary>A Skia bitmap of this picture (the caller disposes it).</summary>
    public SKBitmap ToBitmap()
    {
        var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        Marshal.Copy(_rgba, 0, bitmap.GetPixels(), _rgba.Length);
        return bitmap;
    }

    /// <summary>The picture encoded as PNG; the same pixels always give the same bytes.</summary>
    public byte[] EncodePng()
    {
        using var bitmap = ToBitmap();
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Writes the PNG atomically (temporary file, then rename) and returns the full path.</summary>
    public string SavePng(string path)
    {
        var full = Path.GetFullPath(path);
        AtomicFile.Write(full, EncodePng());
        return full;
    }

    /// <summary>The picture scaled to <paramref name="width"/> × <paramref name="height"/> (nearest neighbour when enlarging, so pixels stay visible).</summary>
    public Picture Resized(int width, int height)
    {
        using var source = ToBitmap();
        using var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var sampling = width >= Width ? new SKSamplingOptions(SKFilterMode.Nearest) : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        source.ScalePixels(target, sampling);
        return FromBitmap(target);
    }
}
