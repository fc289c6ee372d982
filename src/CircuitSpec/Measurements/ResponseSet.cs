using CircuitSpec.Stimuli;

namespace CircuitSpec.Measurements;

/// <summary>A feature's response to each stimulus of a set, in order.</summary>
public sealed record ResponseSet(string Feature, StimulusSet Stimuli, IReadOnlyList<float> Values)
{
    public double Mean => Values.Average(v => (double)v);

    /// <summary>Null when the responses can support a conclusion; otherwise why not (NaN, or all equal).</summary>
    public string? Inconclusive => Statistics.WhyInconclusive(Feature, Values.Select(v => (double)v).ToList());
}
