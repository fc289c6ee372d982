using System.Globalization;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

/// <summary>
/// Claims about one unit, in the words of the Circuits articles: its weights (<c>BeExcitedBy</c>,
/// <c>ReceiveWeightFrom(…).At(…)</c>), its response to stimuli (<c>BeTunedTo</c>, <c>PreferOver</c>, <c>HaveNoEcho</c>)
/// and its analogues in other models (<c>HaveAnalogueIn</c>).
/// </summary>
public sealed class UnitAssertions(Unit subject) : ReferenceTypeAssertions<Unit, UnitAssertions>(subject)
{
    protected override string Identifier => "unit";

    private static string F(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    // ---- weights ----

    /// <summary>Every source's net weight into this unit is positive (above <paramref name="minWeight"/>).</summary>
    public AndConstraint<UnitAssertions> BeExcitedBy(IEnumerable<Unit> sources, double minWeight = 0, string because = "", params object[] becauseArgs) =>
        Signed(sources, +1, minWeight, because, becauseArgs);

    /// <summary>Every source's net weight into this unit is negative (below −<paramref name="minWeight"/>).</summary>
    public AndConstraint<UnitAssertions> BeInhibitedBy(IEnumerable<Unit> sources, double minWeight = 0, string because = "", params object[] becauseArgs) =>
        Signed(sources, -1, minWeight, because, becauseArgs);

    private AndConstraint<UnitAssertions> Signed(IEnumerable<Unit> sources, int sign, double minWeight, string because, object[] becauseArgs)
    {
        var list = sources.ToList();
        var word = sign > 0 ? "excited" : "inhibited";
        var kernels = list.Select(s => (Source: s, Kernel: s.EffectiveWeightsTo(Subject))).ToList();
        var wrong = kernels.Where(k => sign * k.Kernel.Sum <= minWeight).ToList();
        var evidence = kernels.Select(k => Describe(k.Kernel)).Append($"threshold: net weight {(sign > 0 ? ">" : "<")} {F(sign * minWeight)}").ToList();
        var finding = wrong.Count == 0 ? $"all {list.Count} are"
            : $"{wrong.Count} of {list.Count} are not: {string.Join(", ", wrong.Select(w => $"{w.Source.Label} (net {F(w.Kernel.Sum)})"))}";
        return Reach(Verdict.Decide($"{Subject.Label} to be {word} by {string.Join(", ", list.Select(s => s.Label))}", wrong.Count == 0, finding, evidence,
            list.Count == 0 ? "no sources were named" : null), because, becauseArgs);
    }

    /// <summary>Claims about where in its kernel this unit receives weight from <paramref name="source"/>.</summary>
    public KernelAssertions ReceiveWeightFrom(Unit source) => new(this, source.EffectiveWeightsTo(Subject));

    /// <summary>The expected units are among the <paramref name="top"/> strongest inputs from their layer.</summary>
    public AndConstraint<UnitAssertions> HaveAmongStrongestInputs(IEnumerable<Unit> expected, int top = 10, WeightMeasure by = WeightMeasure.Positive,
        bool expanded = false, string because = "", params object[] becauseArgs)
    {
        var list = expected.ToList();
        var layer = list.Count > 0 ? list[0].Layer : "";
        var ranked = Subject.InputWeights(layer, expanded).Ranked(by);
        var ranks = list.Select(u => (Unit: u, Rank: ranked.ToList().FindIndex(r => r.Source.Channel == u.Channel) + 1)).ToList();
        var missing = ranks.Where(r => r.Rank > top).ToList();
        var evidence = new List<string>
        {
            $"top {top} {by.ToString().ToLowerInvariant()} inputs from {layer}{(expanded ? " (expanded)" : "")}: " +
            string.Join(", ", ranked.Take(top).Select(r => $"{r.Source.Label} {F(r.Score)}")),
        };
        evidence.AddRange(ranks.Select(r => $"{r.Unit.Label}: rank {r.Rank} of {ranked.Count}"));
        return Reach(Verdict.Decide($"{string.Join(", ", list.Select(u => u.Label))} to be among the {top} strongest inputs of {Subject.Label}",
            missing.Count == 0, missing.Count == 0 ? "they are" : $"{string.Join(", ", missing.Select(m => $"{m.Unit.Label} ranks {m.Rank}"))}", evidence,
            list.Count == 0 ? "no units were named" : null), because, becauseArgs);
    }

    // ---- stimuli ----

    /// <summary>The unit's tuning curve over <paramref name="parameter"/> peaks within <paramref name="tolerance"/> of <paramref name="value"/>.</summary>
    public AndConstraint<UnitAssertions> BeTunedTo(StimulusSet stimuli, string parameter, double value, double tolerance, double period = 0,
        string because = "", params object[] becauseArgs)
    {
        var curve = TuningCurve.Over(Subject.Model.Responses(stimuli, Subject), parameter, period);
        var distance = Circular.Distance(curve.Preferred, value, period);
        return Reach(Verdict.Decide($"{Subject} to be tuned to {parameter} {F(value)} ± {F(tolerance)}", distance <= tolerance,
            $"it prefers {F(curve.Preferred)} ({F(distance)} away)", [curve.ToString().TrimEnd(), $"stimuli: {Describe(stimuli)}"], curve.Inconclusive), because, becauseArgs);
    }

    /// <summary>
    /// The unit responds at least <paramref name="minRatio"/> times as strongly to <paramref name="preferred"/> as to
    /// <paramref name="other"/>, the difference's interval excludes zero, and random units of its layer are reported beside it.
    /// </summary>
    public AndConstraint<UnitAssertions> PreferOver(StimulusSet preferred, StimulusSet other, double minRatio = 2, int controls = 8, int seed = 0,
        string because = "", params object[] becauseArgs)
    {
        var report = Selectivity.Measure(Subject.Model, Subject, preferred, other, controls, seed);
        var c = report.Feature;
        var controlRatios = report.Controls.Where(x => x.Inconclusive is null).Select(x => x.Ratio).Where(double.IsFinite).Order().ToList();
        var holds = c.Ratio >= minRatio && c.Difference.Low > 0;
        return Reach(Verdict.Decide($"{Subject} to prefer {Describe(preferred)} over {Describe(other)} by ≥ {F(minRatio)}×", holds,
            $"the ratio was {F(c.Ratio)} (d = {F(c.CohensD)}, difference 95 % CI {F(c.Difference.Low)}–{F(c.Difference.High)}; " +
            $"random units of {Subject.Layer}: median ratio {(controlRatios.Count == 0 ? "n/a" : F(Statistics.Quantile(controlRatios, 0.5)))})",
            [c.ToString(), $"negative control, random units of {Subject.Layer}: " +
                           string.Join("; ", report.Controls.Select(x => x.Inconclusive is null ? $"{x.Feature} ratio {F(x.Ratio)}, d {F(x.CohensD)}" : $"{x.Feature} constant"))],
            c.Inconclusive), because, becauseArgs);
    }

    /// <summary>Half a turn from its preferred orientation the unit's response stays below <paramref name="maxRatio"/> of its peak.</summary>
    public AndConstraint<UnitAssertions> HaveNoEcho(StimulusSet oriented, double maxRatio = 0.5, string because = "", params object[] becauseArgs) =>
        Echo(oriented, $"to have no echo (response half a turn away < {F(maxRatio)} of the peak)", ratio => ratio < maxRatio, because, becauseArgs);

    /// <summary>Half a turn from its preferred orientation the unit responds at least <paramref name="minRatio"/> of its peak.</summary>
    public AndConstraint<UnitAssertions> HaveEcho(StimulusSet oriented, double minRatio = 0.5, string because = "", params object[] becauseArgs) =>
        Echo(oriented, $"to have an echo (response half a turn away ≥ {F(minRatio)} of the peak)", ratio => ratio >= minRatio, because, becauseArgs);

    private AndConstraint<UnitAssertions> Echo(StimulusSet oriented, string expectation, Func<double, bool> holds, string because, object[] becauseArgs)
    {
        var curve = TuningCurve.OverOrientation(Subject.Model.Responses(oriented, Subject));
        return Reach(Verdict.Decide($"{Subject} {expectation}", holds(curve.EchoRatio),
            $"the echo was {F(curve.EchoRatio)} of the peak", [curve.ToString().TrimEnd()], curve.Inconclusive), because, becauseArgs);
    }

    /// <summary>The unit's mean response to the stimuli is at least <paramref name="atLeast"/> (a constant response is inconclusive).</summary>
    public AndConstraint<UnitAssertions> RespondTo(StimulusSet stimuli, double atLeast, string because = "", params object[] becauseArgs)
    {
        var responses = Subject.Model.Responses(stimuli, Subject);
        var interval = Statistics.MeanInterval(responses.Values.Select(v => (double)v).ToList(), seed: 0);
        return Reach(Verdict.Decide($"{Subject} to respond to {Describe(stimuli)} with a mean of at least {F(atLeast)}", responses.Mean >= atLeast,
            $"the mean response was {F(responses.Mean)} (95 % CI {F(interval.Low)}–{F(interval.High)})",
            [$"responses: {string.Join(", ", responses.Values.Take(12).Select(v => F(v)))}{(responses.Values.Count > 12 ? ", …" : "")}"],
            responses.Inconclusive), because, becauseArgs);
    }

    /// <summary>No stimulus drives the unit above <paramref name="above"/> (a silent unit satisfies this; NaN is inconclusive).</summary>
    public AndConstraint<UnitAssertions> NotRespondTo(StimulusSet stimuli, double above, string because = "", params object[] becauseArgs)
    {
        var responses = Subject.Model.Responses(stimuli, Subject);
        var strongest = responses.Values.Select((v, i) => (Value: v, Stimulus: stimuli[i])).MaxBy(p => p.Value);
        return Reach(Verdict.Decide($"no stimulus of {Describe(stimuli)} to drive {Subject} above {F(above)}", strongest.Value <= above,
            $"{strongest.Stimulus} drove it to {F(strongest.Value)}", [$"mean response {F(responses.Mean)}, largest {F(strongest.Value)}"],
            responses.Values.Any(v => !float.IsFinite(v)) ? "some responses are NaN or infinite" : null), because, becauseArgs);
    }

    // ---- property-based probing ----

    /// <summary>
    /// Every stimulus of the region drives the unit above <paramref name="threshold"/> (FsCheck draws
    /// <paramref name="tests"/> of them; a failure is shrunk toward the region's centre, saved as a PNG, and reported
    /// with FsCheck's replay seed, which <paramref name="replay"/> accepts).
    /// </summary>
    public AndConstraint<UnitAssertions> RespondAbove(double threshold, StimulusSpace forEvery, int tests = 100, (ulong Seed, ulong Gamma)? replay = null,
        string because = "", params object[] becauseArgs) =>
        Probe($"every stimulus of {forEvery} to drive {Subject} above {F(threshold)}", forEvery, v => v > threshold, tests, replay, because, becauseArgs);

    /// <summary>No stimulus of the region drives the unit above <paramref name="threshold"/> (see <see cref="RespondAbove"/>).</summary>
    public AndConstraint<UnitAssertions> StayAtMost(double threshold, StimulusSpace forEvery, int tests = 100, (ulong Seed, ulong Gamma)? replay = null,
        string because = "", params object[] becauseArgs) =>
        Probe($"no stimulus of {forEvery} to drive {Subject} above {F(threshold)}", forEvery, v => v <= threshold, tests, replay, because, becauseArgs);

    private AndConstraint<UnitAssertions> Probe(string claim, StimulusSpace space, Func<float, bool> holds, int tests, (ulong Seed, ulong Gamma)? replay,
        string because, object[] becauseArgs)
    {
        var outcome = PropertyProbe.Run(Subject, space, holds, tests, replay);
        var evidence = new List<string> { $"{outcome.Evaluations} stimuli evaluated (up to {tests} drawn, then shrinking)" };
        if (outcome.CounterExample is { } c)
        {
            evidence.Add($"minimal counter-example: {c} → response {F(outcome.Response)}");
            evidence.Add($"picture: {outcome.Picture}");
            if (outcome.Replay is not null) evidence.Add(outcome.Replay);
        }
        return Reach(Verdict.Decide(claim, outcome.CounterExample is null,
            outcome.CounterExample is null ? "it held" : $"{outcome.CounterExample} gives {F(outcome.Response)}", evidence,
            float.IsNaN(outcome.Response) && outcome.CounterExample is not null ? "the response is NaN" : null), because, becauseArgs);
    }

    // ---- universality ----

    /// <summary>Some unit of <paramref name="layer"/> in <paramref name="other"/> correlates with this one at least <paramref name="minCorrelation"/> over the stimuli.</summary>
    public AndConstraint<UnitAssertions> HaveAnalogueIn(Network other, string layer, StimulusSet stimuli, double minCorrelation = 0.8, int seed = 0,
        string because = "", params object[] becauseArgs)
    {
        var match = Universality.Match(Subject.Model, Subject.Layer, other, layer, stimuli, [Subject.Channel], seed)[0];
        return Reach(Verdict.Decide($"{Subject.Label} to have an analogue in {layer} of {other.ModelName} (r ≥ {F(minCorrelation)})",
            match.Correlation >= minCorrelation,
            $"the best match was {match.Analogue?.Label ?? "none"} with r = {F(match.Correlation)} (shuffled baseline {F(match.ShuffledCorrelation)})",
            [match.ToString(), $"stimuli: {Describe(stimuli)}"], match.Inconclusive), because, becauseArgs);
    }

    internal AndConstraint<UnitAssertions> Reach(Verdict verdict, string because, object[] becauseArgs) => Conclusion.Reach(this, verdict, because, becauseArgs);

    internal static string Describe(KernelSlice k) =>
        $"{k.Source} → {k.Target}: net {F(k.Sum)} (positive {F(k.PositiveSum)}, negative {F(k.NegativeSum)}), {(k.Expanded ? "expanded" : "direct")} {k.Height}×{k.Width}";

    internal static string Describe(StimulusSet stimuli) =>
        stimuli.Count == 0 ? "no stimuli" : $"{stimuli.Count} {string.Join("/", stimuli.Select(s => s.Kind).Distinct())} stimuli";
}

/// <summary>Claims about the kernel from one source unit: <c>unit.Should().ReceiveWeightFrom(source).At(KernelRegion.Top)</c>.</summary>
public sealed class KernelAssertions
{
    private readonly UnitAssertions _parent;

    internal KernelAssertions(UnitAssertions parent, KernelSlice kernel)
    {
        _parent = parent;
        Kernel = kernel;
    }

    public KernelSlice Kernel { get; }

    /// <summary>At least <paramref name="minShare"/> of the positive weight lies in the region.</summary>
    public AndConstraint<UnitAssertions> At(KernelRegion region, double minShare = 0.5, string because = "", params object[] becauseArgs)
    {
        var share = Kernel.PositiveShare(region);
        return _parent.Reach(Verdict.Decide($"{Kernel.Target} to receive positive weight from {Kernel.Source} at the {region.ToString().ToLowerInvariant()} of its kernel (≥ {minShare:P0})",
            share >= minShare, $"{share:P0} of it lies there (angle of the positive weight: {Kernel.PositiveAngle:F0}°)",
            [UnitAssertions.Describe(Kernel), Kernel.ToString().TrimEnd()], Kernel.PositiveSum == 0 ? "the kernel has no positive weight" : null), because, becauseArgs);
    }
}
