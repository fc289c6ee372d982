using CircuitSpec.Stimuli;

namespace CircuitSpec.Measurements;

/// <summary>A feature's response to each stimulus of a set, in order.</summary>
public sealed record ResponseSet(string Feature, StimulusSet Stimuli, IReadOnlyList<float> Values)
{
    public double Mean => Values.Average(v => (double)v);

    /// <summary>
    /// The layer's typical peak response on the same stimuli (the mean over its channels of each channel's largest
    /// |activation|), which the silence floor is relative to; 0 when unknown.
    /// </summary>
    public double LayerScale { get; init; }

    /// <summary>Variation at or below this is float rounding of a silent feature (<see cref="Statistics.SilenceFloor"/> × <see cref="LayerScale"/>).</summary>
    public double Floor => Statistics.SilenceFloor * LayerScale;

    /// <summary>Whether the feature is silent on these stimuli: constant, or varying only by rounding.</summary>
    public bool Silent => Values.Count > 0 && Values.All(float.IsFinite) && Values.Max() - Values.Min() <= Floor;

    /// <summary>Null when the responses can support a conclusion; otherwise why not (NaN, all equal, or silent).</summary>
    public string? Inconclusive => Statistics.WhyInconclusive(Feature, Values.Select(v => (double)v).ToList(), Floor);
}
