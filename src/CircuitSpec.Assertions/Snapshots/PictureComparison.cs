using CircuitSpec.Pictures;

namespace CircuitSpec.Snapshots;

/// <summary>Perceptual comparison of two pictures, and the picture of their difference.</summary>
public static class PictureComparison
{
    public static PictureDifference Compare(Picture received, Picture verified, SnapshotTolerance tolerance)
    {
        if (received.Width != verified.Width || received.Height != verified.Height)
            return new PictureDifference(double.PositiveInfinity, 1, 255,
                $"the size changed from {verified.Width}×{verified.Height} to {received.Width}×{received.Height}");
        var a = received.Rgba;
        var b = verified.Rgba;
        long total = 0, over = 0;
        var max = 0;
        for (var p = 0; p < a.Length; p += 4)
        {
            var pixelMax = 0;
            for (var c = 0; c < 3; c++)
            {
                var d = Math.Abs(a[p + c] - b[p + c]);
                total += d;
                pixelMax = Math.Max(pixelMax, d);
            }
            if (pixelMax > tolerance.PixelThreshold) over++;
            max = Math.Max(max, pixelMax);
        }
        var pixels = a.Length / 4;
        return new PictureDifference(total / (3.0 * pixels), over / (double)pixels, max, null);
    }

    /// <summary>The difference, amplified ×4 and shown dark on white, so that small changes are visible.</summary>
    public static Picture Diff(Picture received, Picture verified)
    {
        var (width, height) = (Math.Max(received.Width, verified.Width), Math.Max(received.Height, verified.Height));
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var o = (y * width + x) * 4;
            for (var c = 0; c < 3; c++)
            {
                int d = x < received.Width && y < received.Height && x < verified.Width && y < verified.Height
                    ? Math.Abs(received.Rgba[(y * received.Width + x) * 4 + c] - verified.Rgba[(y * verified.Width + x) * 4 + c])
                    : 255;
                rgba[o + c] = (byte)(255 - Math.Min(255, 4 * d));
            }
            rgba[o + 3] = 255;
        }
        return new Picture(width, height, rgba);
    }
}
