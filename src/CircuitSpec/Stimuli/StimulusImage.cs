using SkiaSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Stimuli;

/// <summary>Stimuli as image files, for counter-examples and reports.</summary>
public static class StimulusImage
{
    /// <summary>Renders the stimulus at <paramref name="size"/>² and writes it as a PNG; returns the full path.</summary>
    public static string SavePng(this Stimulus stimulus, string path, int size = 224)
    {
        using var scope = NewDisposeScope();
        var rgb = new StimulusSet([stimulus]).Render(size)[0].permute(1, 2, 0).mul(255).round().clamp(0, 255).to(ScalarType.Byte).contiguous();
        var bytes = rgb.data<byte>().ToArray();
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var pixels = new byte[size * size * 4];
        for (var i = 0; i < size * size; i++)
        {
            pixels[4 * i] = bytes[3 * i];
            pixels[4 * i + 1] = bytes[3 * i + 1];
            pixels[4 * i + 2] = bytes[3 * i + 2];
            pixels[4 * i + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(full);
        data.SaveTo(file);
        return full;
    }
}
