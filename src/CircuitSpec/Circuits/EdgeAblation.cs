namespace CircuitSpec.Circuits;

/// <summary>
/// What an ablated edge carries in place of its source's activation (Miller et al. 2024: faithfulness moves with this
/// choice, so a circuit claim names the kinds it must hold under).
/// </summary>
public enum EdgeAblation
{
    /// <summary>Zero: the source is silent along the edge.</summary>
    Zero,
    /// <summary>The source's mean over the stimuli, per position.</summary>
    Mean,
    /// <summary>The source's activation on another stimulus of the set, drawn with a seed (causal scrubbing's resampling).</summary>
    Resample,
}
