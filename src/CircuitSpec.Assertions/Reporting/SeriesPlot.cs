using System.Globalization;
using System.Net;
using System.Text;
using CircuitSpec.Measurements;

namespace CircuitSpec.Reporting;

/// <summary>A small inline SVG line plot of an evidence series (a tuning curve), with its range on the axes.</summary>
internal static class SeriesPlot
{
    private const int Width = 260, Height = 90, Left = 44, Bottom = 18, Top = 14;

    public static string Svg(EvidenceSeries series)
    {
        var points = series.X.Zip(series.Y).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        var title = WebUtility.HtmlEncode($"{series.Title}: {series.YLabel} over {series.XLabel}");
        if (points.Count == 0) return $"<figure class=\"series\"><figcaption>{title}: no finite values</figcaption></figure>";
        var (x0, x1) = (points.Min(p => p.First), points.Max(p => p.First));
        var (y0, y1) = (points.Min(p => p.Second), points.Max(p => p.Second));
        double Sx(double x) => Left + (x1 == x0 ? 0.5 : (x - x0) / (x1 - x0)) * (Width - Left - 6);
        double Sy(double y) => Height - Bottom - (y1 == y0 ? 0.5 : (y - y0) / (y1 - y0)) * (Height - Bottom - Top);
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        string G(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
        var line = string.Join(" ", points.Select(p => $"{N(Sx(p.First))},{N(Sy(p.Second))}"));
        var svg = new StringBuilder();
        svg.Append($"<figure class=\"series\"><svg role=\"img\" aria-label=\"{title}\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">");
        svg.Append($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - 4}\" y2=\"{Height - Bottom}\" stroke=\"#999\"/>");
        svg.Append($"<line x1=\"{Left}\" y1=\"{Top - 4}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#999\"/>");
        svg.Append($"<polyline fill=\"none\" stroke=\"#1565c0\" stroke-width=\"1.5\" points=\"{line}\"/>");
        foreach (var p in points) svg.Append($"<circle cx=\"{N(Sx(p.First))}\" cy=\"{N(Sy(p.Second))}\" r=\"1.6\" fill=\"#1565c0\"/>");
        svg.Append($"<text x=\"{Left - 3}\" y=\"{Top}\" text-anchor=\"end\">{G(y1)}</text><text x=\"{Left - 3}\" y=\"{Height - Bottom}\" text-anchor=\"end\">{G(y0)}</text>");
        svg.Append($"<text x=\"{Left}\" y=\"{Height - 4}\">{G(x0)}</text><text x=\"{Width - 4}\" y=\"{Height - 4}\" text-anchor=\"end\">{G(x1)} {WebUtility.HtmlEncode(series.XLabel)}</text>");
        svg.Append($"</svg><figcaption>{title}</figcaption></figure>");
        return svg.ToString();
    }
}
