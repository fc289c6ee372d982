using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Models.Planted;

/// <summary>The stimuli the planted circuit's claims are checked on (48×48, drawn at the centre).</summary>
public static class PlantedStimuli
{
    private static readonly double[] Jitter = [-10, -5, 0, 5, 10];

    /// <summary>Edges every 15°.</summary>
    public static StimulusSet EdgesAround => Synthetic.Edges(Synthetic.Angles(15));

    /// <summary>Arcs of radius 12 facing every 15°.</summary>
    public static StimulusSet ArcsAround => Synthetic.Curves(Synthetic.Angles(15), [PlantedCircuit.Radius]);

    /// <summary>Arcs facing within 10° of <paramref name="orientation"/>, radius 11–13 (15 arcs).</summary>
    public static StimulusSet ArcsFacing(double orientation) =>
        Synthetic.Curves(Jitter.Select(d => orientation + d), [11.0, 12, 13]);

    /// <summary>Straight lines through the centre every 15°.</summary>
    public static StimulusSet Lines => Synthetic.Lines(Synthetic.Angles(15, 180));

    /// <summary>Rings of radius 11.5–12.5, centred or half a pixel off (10 rings).</summary>
    public static StimulusSet Rings => new(from x in new[] { 0, 0.5 } from r in new[] { 11.5, 11.75, 12, 12.25, 12.5 } select new Circle(r, X: x));

    /// <summary>Rings of radius 4–20.</summary>
    public static StimulusSet RingsOfEverySize => Synthetic.Circles(Enumerable.Range(4, 17).Select(r => (double)r));

    /// <summary>Red above blue: colour edges within 10° of horizontal, red on top (10 edges).</summary>
    public static StimulusSet RedAboveBlue => ColourEdges(0);

    /// <summary>Blue above red: the same edges turned upside down.</summary>
    public static StimulusSet BlueAboveRed => ColourEdges(180);

    /// <summary>Whole-image patches of hues within 10° of <paramref name="hue"/> (6 patches).</summary>
    public static StimulusSet Patches(double hue) =>
        Synthetic.ColourPatches(new[] { -10.0, -6, -2, 2, 6, 10 }.Select(d => Rgb.FromHsv(Circular.Wrap(hue + d, 360))));

    public const double RedHue = 0, GreenHue = 120, BlueHue = 240;

    private static StimulusSet ColourEdges(double orientation) =>
        new(from offset in new[] { 0.0, 1 } from d in Jitter
            select new Edge(orientation + d, offset) { Foreground = Rgb.FromHsv(RedHue), Background = Rgb.FromHsv(BlueHue) });
}
