using System.Globalization;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using SkiaSharp;

namespace CircuitSpec.Pictures;

/// <summary>Stimuli side by side, each labelled: a set at a glance, or a unit's strongest stimuli with their responses.</summary>
public static class ContactSheet
{
    /// <summary>The stimuli in order, <paramref name="columns"/> a row, each <paramref name="thumbnail"/> pixels square.</summary>
    public static Picture Draw(StimulusSet stimuli, int columns = 8, int thumbnail = 64, IReadOnlyList<string>? labels = null, string? title = null)
    {
        columns = Math.Max(1, Math.Min(columns, stimuli.Count));
        var rows = (stimuli.Count + columns - 1) / columns;
        const int label = 14;
        var top = title is null ? 0 : 20;
        var (cellWidth, cellHeight) = (thumbnail + 4, thumbnail + (labels is null ? 4 : label + 4));
        using var bitmap = new SKBitmap(columns * cellWidth + 4, top + Math.Max(1, rows) * cellHeight + 4, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var font = Typography.At(10);
        if (title is not null)
        {
            using var titleFont = Typography.At(12);
            canvas.DrawText(title, 4, 15, SKTextAlign.Left, titleFont, text);
        }
        using var scope = TorchSharp.torch.NewDisposeScope();
        var rendered = stimuli.Render(thumbnail); // one batch, not one render per stimulus
        for (var i = 0; i < stimuli.Count; i++)
        {
            using var image = Picture.FromTensor(rendered[i]).ToBitmap();
            var (x, y) = (4 + i % columns * cellWidth, top + 4 + i / columns * cellHeight);
            canvas.DrawBitmap(image, x, y);
            if (labels is not null) canvas.DrawText(labels[i], x + thumbnail / 2f, y + thumbnail + label - 3, SKTextAlign.Center, font, text);
        }
        return Picture.FromBitmap(bitmap);
    }

    /// <summary>The <paramref name="count"/> stimuli that drive a feature most, strongest first, labelled with their responses.</summary>
    public static Picture Strongest(ResponseSet responses, int count = 16, int columns = 8, int thumbnail = 64)
    {
        var ranked = responses.Values.Select((v, i) => (Value: v, Stimulus: responses.Stimuli[i])).OrderByDescending(p => p.Value).Take(count).ToList();
        return Draw(new StimulusSet(ranked.Select(r => r.Stimulus)), columns, thumbnail,
            ranked.Select(r => r.Value.ToString("G3", CultureInfo.InvariantCulture)).ToList(), $"strongest stimuli for {responses.Feature}");
    }
}
