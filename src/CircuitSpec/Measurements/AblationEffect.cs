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

/// <summary>An ablation's effect with the same ablation of random units beside it (a negative control).</summary>
public sealed record AblationReport(AblationResult Effect, IReadOnlyList<AblationResult> Controls)
{
    /// <summary>The fraction of control ablations that lowered the target at least as much.</summary>
    public double ControlsAtLeastAsStrong => Controls.Count == 0 ? double.NaN : Controls.Count(c => c.MeanChange <= Effect.MeanChange) / (double)Controls.Count;

    public override string ToString() =>
        $"{Effect}\nnegative control ({Controls.Count} ablations of as many random units of the same layer): " +
        $"mean relative change {Controls.Select(c => c.RelativeChange).DefaultIfEmpty(double.NaN).Average():P1}, {ControlsAtLeastAsStrong:P0} at least as strong";
}

public static class AblationEffect
{
    /// <summary>
    /// Zero-ablates <paramref name="sources"/> (units of one layer) and measures the target's change; then does the same
    /// for <paramref name="controls"/> sets of as many random other units of that layer (seeded).
    /// </summary>
    public static AblationReport MeasureWithControl(Network model, StimulusSet stimuli, Feature target, Family sources, int controls = 5, int seed = 0)
    {
        var effect = Measure(model, stimuli, target, [sources.Zeroed()], seed);
        var layer = sources[0];
        var random = new Random(seed);
        var results = Enumerable.Range(0, controls).Select(k =>
        {
            var picked = RandomControls.Channels(model, layer.Layer, sources.Select(u => u.Channel), sources.Count, random);
            return Measure(model, stimuli, target, [model.Family($"{sources.Count} random {layer.Layer} units", layer.Layer, picked).Zeroed()], seed + k + 1);
        }).ToList();
        return new AblationReport(effect, results);
    }

    /// <summary>The target's response to the stimuli with and without the interventions (applied together).</summary>
    public static AblationResult Measure(Network model, StimulusSet stimuli, Feature target, IReadOnlyList<Intervention> interventions, int seed = 0)
    {
        var plain = model.Responses(stimuli, target);
        var baseline = plain.Values;
        var intervened = model.Responses(stimuli, target, [.. interventions]).Values;
        var changes = intervened.Zip(baseline, (a, b) => (double)a - b).ToList();
        var inconclusive = Statistics.TooFew($"{target}", baseline.Count)
                           ?? Statistics.WhyInconclusive($"{target} without intervention", baseline.Select(v => (double)v).ToList(), plain.Floor)
                           ?? Statistics.NonFinite($"{target} with the intervention", intervened.Select(v => (double)v).ToList());
        return new AblationResult(target.ToString(), string.Join(" + ", interventions.Select(i => i.Label)), baseline, intervened,
            Statistics.MeanInterval(changes, seed), inconclusive);
    }
}
