namespace CircuitSpec.Stimuli;

/// <summary>Families of stimuli over parameter grids: <c>Synthetic.Curves(Synthetic.Angles(15), radii: [20, 40])</c>.</summary>
public static class Synthetic
{
    /// <summary>0, step, 2·step, … below 360 degrees.</summary>
    public static double[] Angles(double step, double below = 360) =>
        Enumerable.Range(0, (int)Math.Ceiling(below / step)).Select(i => i * step).ToArray();

    /// <summary>Curves at every orientation and radius (the radial-tuning family).</summary>
    public static StimulusSet Curves(IEnumerable<double> orientations, IEnumerable<double>? radii = null, double arcLength = 90, double width = 4) =>
        new(from r in radii ?? [40] from o in orientations select new Curve(o, r, arcLength, width));

    public static StimulusSet Lines(IEnumerable<double> orientations, double width = 4, double length = double.PositiveInfinity) =>
        new(orientations.Select(o => new Line(o, width, length)));

    public static StimulusSet Edges(IEnumerable<double> orientations) => new(orientations.Select(o => new Edge(o)));

    public static StimulusSet AnglesOf(IEnumerable<double> orientations, IEnumerable<double> openings, double width = 4) =>
        new(from a in openings from o in orientations select new Angle(o, a, width));

    public static StimulusSet Circles(IEnumerable<double> radii, double width = 4, bool filled = false) =>
        new(radii.Select(r => new Circle(r, width, filled)));

    public static StimulusSet Gratings(IEnumerable<double> orientations, IEnumerable<double> wavelengths, IEnumerable<double>? phases = null) =>
        new(from w in wavelengths from p in phases ?? [0] from o in orientations select new Grating(o, w, p));

    public static StimulusSet FrequencyBoundaries(IEnumerable<double> orientations, double highWavelength = 4, double ratio = 6) =>
        new(from side in new[] { 1, -1 } from o in orientations select new FrequencyBoundary(o, highWavelength, ratio, side));

    public static StimulusSet ColourPatches(IEnumerable<Rgb> colours, double radius = double.PositiveInfinity) =>
        new(colours.Select(c => new ColourPatch(radius) { Foreground = c }));
}
