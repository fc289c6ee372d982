using CircuitSpec.Stimuli;

namespace CircuitSpec.Specs.InceptionV1;

/// <summary>The stimulus sets the InceptionV1 specs share (224×224, white on black unless said).</summary>
internal static class Stimuli
{
    /// <summary>90° arcs every 15°, at one radius.</summary>
    public static StimulusSet Curves(double radius = 48) => Synthetic.Curves(Synthetic.Angles(15), [radius]);

    /// <summary>Eight arcs near one orientation, at two radii, for comparisons and ablations.</summary>
    public static StimulusSet CurvesNear(double orientation, double radius = 48) =>
        new(Enumerable.Range(0, 8).Select(i => new Curve(orientation + (i - 3.5) * 4, i % 2 == 0 ? radius : radius - 8)));

    /// <summary>Straight lines every 15° over half a turn, at two widths.</summary>
    public static StimulusSet Lines() => new(from w in new[] { 3.0, 5.0 } from o in Synthetic.Angles(15, 180) select new Line(o, w));

    public static StimulusSet Circles() => Synthetic.Circles([16, 20, 24, 28, 32, 36, 40, 48, 56, 64]);

    /// <summary>Every 90° arc of a circle, every 30°, at the circles' radii.</summary>
    public static StimulusSet Arcs() => Synthetic.Curves(Synthetic.Angles(30), [16, 24, 32, 48, 64]);

    /// <summary>Boundaries between a fine (4 px) and a coarse (24 px) grating, every 30°, either side.</summary>
    public static StimulusSet FrequencyBoundaries() => Synthetic.FrequencyBoundaries(Synthetic.Angles(30));

    /// <summary>Uniform gratings, fine and coarse, every 30°.</summary>
    public static StimulusSet UniformGratings() => Synthetic.Gratings(Synthetic.Angles(30), [4, 24]);
}
