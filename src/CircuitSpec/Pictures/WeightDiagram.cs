using System.Globalization;
using CircuitSpec.Features;
using CircuitSpec.Weights;
using SkiaSharp;

namespace CircuitSpec.Pictures;

/// <summary>
/// The Circuits articles' weight figure: for a target unit, its strongest input units, each drawn as its spatial
/// kernel — red where the weight is positive (excitation), blue where negative (inhibition), white near zero — on one
/// colour scale shared by the whole diagram, labelled with the source unit and its net weight.
/// </summary>
public static class WeightDiagram
{
    private const int Cell = 88;
    private const int Label = 30;
    private const int Title = 28;

    /// <summary>
    /// The <paramref name="top"/> strongest inputs of <paramref name="target"/> from <paramref name="sourceLayer"/>
    /// (ranked by <paramref name="by"/>), direct or expanded weights.
    /// </summary>
    public static Picture Draw(Unit target, string sourceLayer, int top = 8, WeightMeasure by = WeightMeasure.Absolute, bool expanded = false, int columns = 4)
    {
        var weights = target.InputWeights(sourceLayer, expanded);
        return Draw(weights, weights.Ranked(by, top), by, columns);
    }

    /// <summary>Inputs already ranked (by <paramref name="by"/>) from <paramref name="weights"/>, drawn without reading the weights again.</summary>
    public static Picture Draw(InputWeights weights, IReadOnlyList<WeightedInput> ranked, WeightMeasure by, int columns = 4) =>
        Draw($"{(weights.Expanded ? "expanded " : "")}weights into {weights.Target.Label} from {weights.SourceLayer} (top {ranked.Count}, {by.ToString().ToLowerInvariant()})",
            ranked.Select(r => r.Weights).ToList(), columns);

    /// <summary>The given kernels on one shared colour scale.</summary>
    public static Picture Draw(string title, IReadOnlyList<KernelSlice> kernels, int columns = 4)
    {
        columns = Math.Max(1, Math.Min(columns, kernels.Count));
        var rows = (kernels.Count + columns - 1) / columns;
        using var titleFont = Typography.At(12);
        var (width, height) = (Math.Max(columns * Cell + 8, (int)Math.Ceiling(titleFont.MeasureText(title)) + 8), Title + Math.Max(1, rows) * (Cell + Label));
        var scale = kernels.Count == 0 ? 1 : kernels.Max(k => k.Values.Max(v => Math.Abs(v)));
        if (!(scale > 0)) scale = 1;
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        canvas.DrawText(title, 4, 18, SKTextAlign.Left, titleFont, text);
        using var labelFont = Typography.At(11);
        for (var i = 0; i < kernels.Count; i++)
        {
            var k = kernels[i];
            var (x0, y0) = (4 + i % columns * Cell, Title + i / columns * (Cell + Label));
            var size = (float)(Cell - 12) / Math.Max(k.Height, k.Width);
            for (var r = 0; r < k.Height; r++)
            for (var c = 0; c < k.Width; c++)
            {
                using var fill = new SKPaint { Color = Signed(k[r, c] / scale) };
                canvas.DrawRect(x0 + 6 + c * size, y0 + r * size, size, size, fill);
            }
            using var frame = new SKPaint { Color = SKColors.Gray, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
            canvas.DrawRect(x0 + 6, y0, k.Width * size, k.Height * size, frame);
            canvas.DrawText(k.Source, x0 + Cell / 2f, y0 + Cell - 2, SKTextAlign.Center, labelFont, text);
            canvas.DrawText($"net {k.Sum.ToString("+0.###;-0.###", CultureInfo.InvariantCulture)}", x0 + Cell / 2f, y0 + Cell + 12, SKTextAlign.Center, labelFont, text);
        }
        return Picture.FromBitmap(bitmap);
    }

    /// <summary>Red for positive, blue for negative, white for zero; <paramref name="v"/> in [−1, 1].</summary>
    public static SKColor Signed(double v)
    {
        v = Math.Clamp(v, -1, 1);
        var fade = (byte)Math.Round(255 * (1 - Math.Abs(v)));
        return v >= 0 ? new SKColor(255, fade, fade) : new SKColor(fade, fade, 255);
    }
}
