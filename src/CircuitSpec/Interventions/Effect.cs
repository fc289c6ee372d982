namespace CircuitSpec.Interventions;

/// <summary>How one variant (a set of interventions) changed a readout, per stimulus.</summary>
public sealed record Effect(string Variant, IReadOnlyList<float> Baseline, IReadOnlyList<float> Values)
{
    public double MeanBaseline => Baseline.Average(v => (double)v);
    public double MeanValue => Values.Average(v => (double)v);

    /// <summary>Mean over stimuli of (intervened − baseline).</summary>
    public double MeanChange => MeanValue - MeanBaseline;

    /// <summary>The mean change relative to the mean baseline's magnitude: −1 means the response was wiped out.</summary>
    public double RelativeChange => MeanBaseline == 0 ? (MeanChange == 0 ? 0 : double.PositiveInfinity * Math.Sign(MeanChange)) : MeanChange / Math.Abs(MeanBaseline);

    /// <summary>(intervened − baseline) per stimulus.</summary>
    public IReadOnlyList<double> Changes => Values.Zip(Baseline, (v, b) => (double)v - b).ToList();
}
