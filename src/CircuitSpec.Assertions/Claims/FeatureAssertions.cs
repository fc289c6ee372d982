using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

/// <summary>
/// Claims about any feature — a unit or a direction — and its response to stimuli: <c>BeTunedTo</c>, <c>PreferOver</c>,
/// <c>HaveNoEcho</c>, <c>RespondTo</c>, property-based <c>RespondAbove</c> / <c>StayAtMost</c>; and its weights:
/// <c>BeExcitedBy</c>, <c>BeInhibitedBy</c>, <c>HaveAmongStrongestInputs</c>, <c>ReceiveWeightFrom(…).At(…)</c>.
/// </summary>
public abstract class FeatureAssertions<TFeature, TAssertions>(TFeature subject) : ReferenceTypeAssertions<TFeature, TAssertions>(subject)
    where TFeature : Feature
    where TAssertions : FeatureAssertions<TFeature, TAssertions>
{
    private protected static string F(double value) => ClaimGuard.F(value);


    /// <summary>The unit's tuning curve over <paramref name="parameter"/> peaks within <paramref name="tolerance"/> of <paramref name="value"/>.</summary>
    public AndWhichConstraint<TAssertions, Verdict> BeTunedTo(StimulusSet stimuli, string parameter, double value, double tolerance, double period = 0,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"{Subject} to be tuned to {parameter} {F(value)} ± {F(tolerance)}";
        ClaimGuard.Number(claim, "the value", value);
        ClaimGuard.Number(claim, "the tolerance", tolerance);
        ClaimGuard.Possible(claim, tolerance < 0, "a distance is never negative");
        ClaimGuard.NotVacuous(claim, double.IsPositiveInfinity(tolerance) || (period > 0 && tolerance >= period / 2),
            $"no {parameter} is further than {F(period / 2)} from {F(value)} on a circle of {F(period)}");
        var curve = TuningCurve.Over(Subject.Model.Responses(stimuli, Subject), parameter, period);
        var distance = Circular.Distance(curve.Preferred, value, period);
        return Reach(Verdict.Decide(claim, distance <= tolerance,
            $"it prefers {F(curve.Preferred)} ({F(distance)} away)", [curve.Summary, $"stimuli: {Describe(stimuli)}"], curve.Inconclusive) with { Series = [curve.AsSeries()] },
            because, becauseArgs);
    }

    /// <summary>
    /// The unit responds at least <paramref name="minRatio"/> times as strongly to <paramref name="preferred"/> as to
    /// <paramref name="other"/>, the difference's interval excludes zero, and random units of its layer are reported beside it.
    /// </summary>
    public AndWhichConstraint<TAssertions, Verdict> PreferOver(StimulusSet preferred, StimulusSet other, double minRatio = 2, int controls = 8, int seed = 0,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"{Subject} to prefer {Describe(preferred)} over {Describe(other)} by ≥ {F(minRatio)}×";
        ClaimGuard.Number(claim, "the ratio", minRatio);
        ClaimGuard.Possible(claim, double.IsPositiveInfinity(minRatio), "no ratio of finite responses reaches ∞");
        ClaimGuard.Possible(claim, controls < 0, $"{controls} control units cannot be drawn");
        var report = Selectivity.Measure(Subject.Model, Subject, preferred, other, controls, seed);
        var c = report.Feature;
        var controlRatios = report.Controls.Where(x => x.Inconclusive is null).Select(x => x.Ratio).Where(double.IsFinite).Order().ToList();
        var holds = c.PrefersBy(minRatio) && c.Difference.Low > 0;
        var ratio = c.RatioDefined ? $"the ratio was {F(c.Ratio)}"
            : $"the ratio is undefined, since the other stimuli's mean response is {F(c.MeanOther)} ≤ 0 (signed responses), so it was judged as " +
              $"{F(c.MeanPreferred)} > 0 and ≥ {F(minRatio)} × {F(c.MeanOther)} with the difference's interval above 0";
        return Reach(Verdict.Decide(claim, holds,
            $"{ratio} (d = {F(c.CohensD)}, difference 95 % CI {F(c.Difference.Low)}–{F(c.Difference.High)}; " +
            $"random units of {Subject.Layer}: median ratio {(controlRatios.Count == 0 ? "n/a" : F(Statistics.Quantile(controlRatios, 0.5)))})",
            [c.ToString(), $"negative control, random units of {Subject.Layer}: " +
                           string.Join("; ", report.Controls.Select(x => x.Inconclusive is null ? $"{x.Feature} ratio {F(x.Ratio)}, d {F(x.CohensD)}" : $"{x.Feature} constant"))],
            c.Inconclusive), because, becauseArgs);
    }

    /// <summary>Half a turn from its preferred orientation the unit's response stays below <paramref name="maxRatio"/> of its peak.</summary>
    public AndWhichConstraint<TAssertions, Verdict> HaveNoEcho(StimulusSet oriented, double maxRatio = 0.5, string because = "", params object[] becauseArgs)
    {
        var expectation = $"to have no echo (response half a turn away < {F(maxRatio)} of the peak)";
        ClaimGuard.Number($"{Subject} {expectation}", "the ratio", maxRatio);
        ClaimGuard.NotVacuous($"{Subject} {expectation}", maxRatio > 1, "the echo is measured as a fraction of the peak, never above 1");
        ClaimGuard.Possible($"{Subject} {expectation}", maxRatio <= 0, "the echo is measured above the tuning curve's minimum, never below 0");
        return Echo(oriented, expectation, ratio => ratio < maxRatio, because, becauseArgs);
    }

    /// <summary>Half a turn from its preferred orientation the unit responds at least <paramref name="minRatio"/> of its peak.</summary>
    public AndWhichConstraint<TAssertions, Verdict> HaveEcho(StimulusSet oriented, double minRatio = 0.5, string because = "", params object[] becauseArgs)
    {
        var expectation = $"to have an echo (response half a turn away ≥ {F(minRatio)} of the peak)";
        ClaimGuard.Number($"{Subject} {expectation}", "the ratio", minRatio);
        ClaimGuard.NotVacuous($"{Subject} {expectation}", minRatio <= 0, "the echo is measured above the tuning curve's minimum, never below 0");
        ClaimGuard.Possible($"{Subject} {expectation}", minRatio > 1, "the echo is a fraction of the peak, never above 1");
        return Echo(oriented, expectation, ratio => ratio >= minRatio, because, becauseArgs);
    }

    private AndWhichConstraint<TAssertions, Verdict> Echo(StimulusSet oriented, string expectation, Func<double, bool> holds, string because, object[] becauseArgs)
    {
        var curve = TuningCurve.OverOrientation(Subject.Model.Responses(oriented, Subject));
        return Reach(Verdict.Decide($"{Subject} {expectation}", holds(curve.EchoRatio),
            $"the echo was {F(curve.EchoRatio)} of the peak", [curve.Summary], curve.Inconclusive) with { Series = [curve.AsSeries()] }, because, becauseArgs);
    }

    /// <summary>
    /// The unit's mean response to the stimuli is at least <paramref name="atLeast"/>. A constant or silent response
    /// never holds (it is no response to these stimuli: inconclusive), but one below the threshold fails: whatever the
    /// unit does, it does not answer these stimuli with that much.
    /// </summary>
    public AndWhichConstraint<TAssertions, Verdict> RespondTo(StimulusSet stimuli, double atLeast, string because = "", params object[] becauseArgs)
    {
        var claim = $"{Subject} to respond to {Describe(stimuli)} with a mean of at least {F(atLeast)}";
        ClaimGuard.Threshold(claim, atLeast, responsesAbove: true);
        var responses = Subject.Model.Responses(stimuli, Subject);
        var interval = Statistics.MeanInterval(responses.Values.Select(v => (double)v).ToList(), seed: 0);
        var holds = responses.Mean >= atLeast;
        var constant = responses.Inconclusive;
        var finding = $"the mean response was {F(responses.Mean)} (95 % CI {F(interval.Low)}–{F(interval.High)})" +
                      (constant is null ? "" : $"; {constant.Replace($"{Subject}: ", "", StringComparison.Ordinal)}");
        return Reach(Verdict.Decide(claim, holds, finding,
            [$"responses: {string.Join(", ", responses.Values.Take(12).Select(v => F(v)))}{(responses.Values.Count > 12 ? ", …" : "")}"],
            Statistics.TooFew(Subject.ToString(), responses.Values.Count) ?? Statistics.NonFinite(Subject.ToString(), responses.Values.Select(v => (double)v).ToList())
            ?? (holds ? constant : null)), because, becauseArgs);
    }

    /// <summary>No stimulus drives the unit above <paramref name="above"/> (a silent unit satisfies this; NaN is inconclusive).</summary>
    public AndWhichConstraint<TAssertions, Verdict> NotRespondTo(StimulusSet stimuli, double above, string because = "", params object[] becauseArgs)
    {
        var claim = $"no stimulus of {Describe(stimuli)} to drive {Subject} above {F(above)}";
        ClaimGuard.Threshold(claim, above, responsesAbove: false);
        ClaimGuard.NotVacuous(claim, stimuli.Count == 0, "there are no stimuli, so none can drive it");
        var responses = Subject.Model.Responses(stimuli, Subject);
        var strongest = responses.Values.Select((v, i) => (Value: v, Stimulus: stimuli[i])).MaxBy(p => p.Value);
        return Reach(Verdict.Decide(claim, strongest.Value <= above,
            $"{strongest.Stimulus} drove it to {F(strongest.Value)}",
            [$"mean response {F(responses.Mean)}, largest {F(strongest.Value)}{(responses.Silent ? $" (silent: it varies only by float rounding, within {F(responses.Floor)})" : "")}"],
            responses.Values.Any(v => !float.IsFinite(v)) ? "some responses are NaN or infinite" : null), because, becauseArgs);
    }

    // ---- property-based probing ----

    /// <summary>
    /// Every stimulus of the region drives the unit above <paramref name="threshold"/> (FsCheck draws
    /// <paramref name="tests"/> of them; a failure is shrunk toward the region's centre, saved as a PNG, and reported
    /// with FsCheck's replay seed, which <paramref name="replay"/> accepts).
    /// </summary>
    public AndWhichConstraint<TAssertions, Verdict> RespondAbove(double threshold, StimulusSpace forEvery, int tests = 100, (ulong Seed, ulong Gamma)? replay = null,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"every stimulus of {forEvery} to drive {Subject} above {F(threshold)}";
        ClaimGuard.Threshold(claim, threshold, responsesAbove: true);
        return Probe(claim, forEvery, v => v > threshold, tests, replay, because, becauseArgs);
    }

    /// <summary>No stimulus of the region drives the unit above <paramref name="threshold"/> (see <see cref="RespondAbove"/>).</summary>
    public AndWhichConstraint<TAssertions, Verdict> StayAtMost(double threshold, StimulusSpace forEvery, int tests = 100, (ulong Seed, ulong Gamma)? replay = null,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"no stimulus of {forEvery} to drive {Subject} above {F(threshold)}";
        ClaimGuard.Threshold(claim, threshold, responsesAbove: false);
        return Probe(claim, forEvery, v => v <= threshold, tests, replay, because, becauseArgs);
    }

    private AndWhichConstraint<TAssertions, Verdict> Probe(string claim, StimulusSpace space, Func<float, bool> holds, int tests, (ulong Seed, ulong Gamma)? replay,
        string because, object[] becauseArgs)
    {
        ClaimGuard.NotVacuous(claim, tests <= 0, $"{tests} tests draw no stimulus");
        // A NaN or infinite response is a counter-example of every property: it must surface, not pass as "above the threshold".
        var outcome = PropertyProbe.Run(Subject, space, v => float.IsFinite(v) && holds(v), tests, replay);
        var evidence = new List<string> { $"{outcome.Evaluations} stimuli evaluated (up to {tests} drawn, then shrinking)" };
        if (outcome.CounterExample is { } c)
        {
            evidence.Add($"minimal counter-example: {outcome.Point}: {c.Describe()} → response {F(outcome.Response)}");
            if (outcome.Replay is not null) evidence.Add(outcome.Replay);
        }
        var verdict = Verdict.Decide(claim, outcome.CounterExample is null,
            outcome.CounterExample is null ? "it held" : $"the stimulus at {outcome.Point} ({outcome.CounterExample}) gives {F(outcome.Response)}", evidence,
            !float.IsFinite(outcome.Response) && outcome.CounterExample is not null ? $"the response is {F(outcome.Response)} (NaN or infinite)" : null);
        return Reach(outcome.Picture is null ? verdict : verdict with { Pictures = [outcome.Picture] }, because, becauseArgs);
    }

    // ---- weights (a direction's are the same combination of its units' input weights as its reading) ----

    /// <summary>Every source's net weight into this feature is positive (above <paramref name="minWeight"/>).</summary>
    public AndWhichConstraint<TAssertions, Verdict> BeExcitedBy(IEnumerable<Unit> sources, double minWeight = 0, string because = "", params object[] becauseArgs) =>
        Signed(sources, +1, minWeight, because, becauseArgs);

    /// <summary>Every source's net weight into this feature is negative (below −<paramref name="minWeight"/>).</summary>
    public AndWhichConstraint<TAssertions, Verdict> BeInhibitedBy(IEnumerable<Unit> sources, double minWeight = 0, string because = "", params object[] becauseArgs) =>
        Signed(sources, -1, minWeight, because, becauseArgs);

    private AndWhichConstraint<TAssertions, Verdict> Signed(IEnumerable<Unit> sources, int sign, double minWeight, string because, object[] becauseArgs)
    {
        var list = sources.ToList();
        var word = sign > 0 ? "excited" : "inhibited";
        var claim = $"{Subject.Label} to be {word} by {string.Join(", ", list.Select(s => s.Label))}";
        ClaimGuard.NotVacuous(claim, list.Count == 0, "it names no source, and \"all of none\" is always true");
        ClaimGuard.Number(claim, "minWeight", minWeight);
        ClaimGuard.Possible(claim, minWeight < 0,
            $"a negative minWeight ({F(minWeight)}) would count a net weight of the opposite sign as {word}; use 0 or more");
        ClaimGuard.Possible(claim, double.IsPositiveInfinity(minWeight), "no finite weight exceeds ∞");
        var kernels = list.Select(s => (Source: s, Kernel: s.EffectiveWeightsTo(Subject))).ToList();
        var wrong = kernels.Where(k => sign * k.Kernel.Sum <= minWeight).ToList();
        var evidence = kernels.Select(k => KernelText.Describe(k.Kernel)).Append($"threshold: net weight {(sign > 0 ? ">" : "<")} {F(sign * minWeight)}").ToList();
        var finding = wrong.Count == 0 ? $"all {list.Count} are"
            : $"{wrong.Count} of {list.Count} are not: {string.Join(", ", wrong.Select(w => $"{w.Source.Label} (net {F(w.Kernel.Sum)})"))}";
        return Reach(Verdict.Decide(claim, wrong.Count == 0, finding, evidence, KernelText.NonFinite(kernels.Select(k => k.Kernel))), because, becauseArgs);
    }

    /// <summary>Claims about where in its kernel this feature receives weight from <paramref name="source"/>.</summary>
    public KernelAssertions<TAssertions> ReceiveWeightFrom(Unit source) => new(Reach, source.EffectiveWeightsTo(Subject));

    /// <summary>The expected units are among the <paramref name="top"/> strongest inputs from their layer.</summary>
    public AndWhichConstraint<TAssertions, Verdict> HaveAmongStrongestInputs(IEnumerable<Unit> expected, int top = 10, WeightMeasure by = WeightMeasure.Positive,
        bool expanded = false, string because = "", params object[] becauseArgs)
    {
        var list = expected.ToList();
        var claim = $"{string.Join(", ", list.Select(u => u.Label))} to be among the {top} strongest inputs of {Subject.Label}";
        ClaimGuard.NotVacuous(claim, list.Count == 0, "it names no unit");
        ClaimGuard.Possible(claim, top <= 0, $"there is no top {top}");
        var layer = list[0].Layer;
        ClaimGuard.Possible(claim, list.Any(u => u.Layer != layer), "the units are from different layers; rank one layer at a time");
        var ranked = Subject.InputWeights(layer, expanded).Ranked(by);
        ClaimGuard.NotVacuous(claim, top >= ranked.Count, $"{layer} has only {ranked.Count} channels, so every one is among the {top} strongest");
        // Ranks count ties against the claim (a unit tied with the one after the top k is not "among the top k"), and a
        // score at or below float rounding of the largest one is no weight of this kind at all.
        var scale = ranked.Select(r => Math.Abs(r.Score)).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var floor = 1e-6 * scale;
        var ranks = list.Select(u => ranked.First(r => r.Source.Channel == u.Channel))
            .Select(r => (Unit: r.Source, r.Score, Rank: ranked.Count(o => o.Score >= r.Score), None: r.Score <= floor)).ToList();
        var missing = ranks.Where(r => r.Rank > top || r.None).ToList();
        var evidence = new List<string>
        {
            $"top {top} {by.ToString().ToLowerInvariant()} inputs from {layer}{(expanded ? " (expanded)" : "")}: " +
            string.Join(", ", ranked.Take(top).Select(r => $"{r.Source.Label} {F(r.Score)}")),
        };
        evidence.AddRange(ranks.Select(r => $"{r.Unit.Label}: score {F(r.Score)}, rank {r.Rank} of {ranked.Count} (ties counted against it)"));
        string Why((Unit Unit, double Score, int Rank, bool None) m) => m.None
            ? $"{m.Unit.Label} has no {by.ToString().ToLowerInvariant()} weight (score {F(m.Score)}, at or below {F(floor)})"
            : $"{m.Unit.Label} ranks {m.Rank}{(ranked.Count(o => o.Score == m.Score) > 1 ? $", tied with {ranked.Count(o => o.Score == m.Score) - 1} other(s) at {F(m.Score)}" : "")}";
        return Reach(Verdict.Decide(claim,
            missing.Count == 0, missing.Count == 0 ? "they are" : string.Join(", ", missing.Select(Why)), evidence,
            KernelText.NonFinite(ranked.Select(r => r.Weights))), because, becauseArgs);
    }

    internal AndWhichConstraint<TAssertions, Verdict> Reach(Verdict verdict, string because, object[] becauseArgs) => Conclusion.Reach((TAssertions)this, verdict, because, becauseArgs);

    internal static string Describe(StimulusSet stimuli) =>
        stimuli.Count == 0 ? "no stimuli" : $"{stimuli.Count} {string.Join("/", stimuli.Select(s => s.Kind).Distinct())} stimuli";
}
