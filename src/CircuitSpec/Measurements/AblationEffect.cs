using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Measurements;

/// <summary>How much an intervention changed a target's response, per stimulus, with a bootstrap interval.</summary>
public sealed record AblationResult(string Target, string Intervention, IReadOnlyList<float> Baseline, IReadOnlyList<float> Intervened, Interval Change, string? Inconclusive)
{
    public double MeanBaseline => Baseline.Average(v => (double)v);
    public double MeanChange => Intervened.Zip(Baseline, (a, b) => (double)a - b).Average();

    /// <summary>The mean change relative to the mean baseline (−0.5 = the response halved).</summary>
    public double RelativeChange => MeanBaseline == 0 ? double.NaN : MeanChange / Math.Abs(MeanBaseline);

    /// <summary>The interval of the change relative to the mean baseline.</summary>
    public Interval RelativeInterval => MeanBaseline == 0 ? new Interval(double.NaN, double.NaN, Change.Level)
        : new Interval(Change.Low / Math.Abs(MeanBaseline), Change.High / Math.Abs(MeanBaseline), Change.Level);

    public override string ToString() => Inconclusive is not null
        ? $"{Intervention} on {Target}: inconclusive — {Inconclusive}"
        : $"{Intervention} changes {Target} by {RelativeChange:P1} {RelativeInterval} (baseline {MeanBaseline:G4})";
}

public static class AblationEffect
{
    /// <summary>The target's response to the stimuli with and without the interventions (applied together).</summary>
    public static AblationResult Measure(Network model, StimulusSet stimuli, Feature target, IReadOnlyList<Intervention> interventions, int seed = 0)
    {
        var baseline = model.Responses(stimuli, target).Values;
        var intervened = model.Responses(stimuli, target, [.. interventions]).Values;
        var changes = intervened.Zip(baseline, (a, b) => (double)a - b).ToList();
        var inconclusive = Statistics.WhyInconclusive($"{target} without intervention", baseline.Select(v => (double)v).ToList());
        return new AblationResult(target.ToString(), string.Join(" + ", interventions.Select(i => i.Label)), baseline, intervened,
            Statistics.MeanInterval(changes, seed), inconclusive);
    }
}
