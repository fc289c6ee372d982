using CircuitSpec.Stimuli;

namespace CircuitSpec.Specs.Support;

/// <summary>Stimuli at the 224×224 ImageNet input, drawn at the centre.</summary>
public static class ImageNetStimuli
{
    private static readonly double[] Jitter = [-10, -5, 0, 5, 10];

    public const double ArcRadius = 30;

    public static readonly Rgb Red = new(1, 0, 0), Cyan = new(0, 1, 1), Blue = new(0, 0, 1), Yellow = new(1, 1, 0);

    /// <summary>White-on-black edges every 15°.</summary>
    public static StimulusSet EdgesAround => Synthetic.Edges(Synthetic.Angles(15));

    /// <summary>Arcs of radius 30 facing every 15°.</summary>
    public static StimulusSet ArcsAround => Synthetic.Curves(Synthetic.Angles(15), [ArcRadius]);

    /// <summary>Arcs facing within 10° of <paramref name="orientation"/>, radius 26–34 (15 arcs).</summary>
    public static StimulusSet ArcsFacing(double orientation) =>
        Synthetic.Curves(Jitter.Select(d => orientation + d), [26.0, 30, 34]);

    /// <summary>Straight lines through the centre every 15°.</summary>
    public static StimulusSet Lines => Synthetic.Lines(Synthetic.Angles(15, 180));

    /// <summary>Rings of radius 28–32, centred or two pixels off (10 rings).</summary>
    public static StimulusSet Rings => new(from x in new[] { 0.0, 2 } from r in new[] { 28.0, 29, 30, 31, 32 } select new Circle(r, X: x));

    /// <summary>Colour edges (foreground on the left of the orientation) within 10° of <paramref name="orientation"/>, centred or 2 px off (10 edges).</summary>
    public static StimulusSet ColourEdges(Rgb foreground, Rgb background, double orientation) =>
        new(from offset in new[] { 0.0, 2 } from d in Jitter select new Edge(orientation + d, offset) { Foreground = foreground, Background = background });

    /// <summary>The same edges in white on black.</summary>
    public static StimulusSet GreyEdges(double orientation) => ColourEdges(Rgb.White, Rgb.Black, orientation);

    /// <summary>Colour edges every 15°.</summary>
    public static StimulusSet ColourEdgesAround(Rgb foreground, Rgb background) =>
        new(Synthetic.Angles(15).Select(o => new Edge(o) { Foreground = foreground, Background = background }));
}
