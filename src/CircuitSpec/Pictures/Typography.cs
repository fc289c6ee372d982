using CircuitSpec.Errors;
using SkiaSharp;

namespace CircuitSpec.Pictures;

/// <summary>
/// One font for every picture, loaded from a file rather than chosen by the system, so that labels render the same
/// on every machine (snapshots compare pixels). DejaVu Sans: Debian's fonts-dejavu-core, which ci/setup.sh installs.
/// </summary>
public static class Typography
{
    public const string Family = "DejaVu Sans";

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/Library/Fonts/DejaVuSans.ttf",
    ];

    private static readonly Lazy<(SKTypeface Typeface, string Path)> Font = new(() =>
    {
        var path = Environment.GetEnvironmentVariable("CIRCUITSPEC_FONT") is { Length: > 0 } chosen ? chosen : Candidates.FirstOrDefault(File.Exists);
        if (path is null || !File.Exists(path))
            throw new CircuitSpecException("No DejaVu Sans font was found for picture labels: install Debian's fonts-dejavu-core " +
                                           "(bash ci/setup.sh does), or set CIRCUITSPEC_FONT to a .ttf file.");
        var typeface = SKTypeface.FromFile(path) ?? throw new CircuitSpecException($"'{path}' is not a font SkiaSharp can read.");
        ScottPlot.Fonts.AddFontFile(Family, path);
        ScottPlot.Fonts.Default = Family;
        ScottPlot.Fonts.Sans = Family;
        return (typeface, path);
    });

    public static SKTypeface Typeface => Font.Value.Typeface;

    /// <summary>Makes ScottPlot draw with the same font (call before building a plot).</summary>
    public static void UseForPlots() => _ = Font.Value;

    public static SKFont At(float size) => new(Typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = false, Hinting = SKFontHinting.None };
}
