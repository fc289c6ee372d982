using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Circuits;

/// <summary>Stimuli to discover a unit's circuit on when none are named: the synthetic stimuli that drive it most.</summary>
public static class DiscoveryStimuli
{
    /// <summary>
    /// The <paramref name="count"/> stimuli of a broad synthetic pool — lines every 10°, edges every 10°, arcs every
    /// 15° and rings at radii from 1/28 to 1/3.5 of the input, gratings and high-low frequency boundaries every 15° —
    /// that drive <paramref name="unit"/> most, in the pool's order.
    /// </summary>
    public static StimulusSet Strongest(Network model, Feature unit, int count = 32)
    {
        var size = Math.Min(model.Input.Height, model.Input.Width);
        var radii = new[] { size / 28.0, size / 14.0, size / 7.0, size / 3.5 }.Select(r => Math.Round(r, 1)).ToArray();
        var rings = Enumerable.Range(0, 25).Select(i => Math.Round(size / 28.0 * Math.Pow(8, i / 24.0), 1)).Distinct();
        var pool = new StimulusSet([.. Synthetic.Lines(Synthetic.Angles(10, 180)), .. Synthetic.Edges(Synthetic.Angles(10)),
            .. Synthetic.Curves(Synthetic.Angles(15), radii), .. Synthetic.Circles(rings),
            .. Synthetic.Gratings(Synthetic.Angles(15, 180), [size / 28.0, size / 14.0]), .. Synthetic.FrequencyBoundaries(Synthetic.Angles(15), size / 56.0)]);
        var responses = model.FeatureValues(pool, unit);
        var strongest = Enumerable.Range(0, pool.Count).OrderByDescending(i => responses[i]).ThenBy(i => i).Take(count).Order().ToList();
        return new StimulusSet(strongest.Select(i => pool[i]));
    }
}
