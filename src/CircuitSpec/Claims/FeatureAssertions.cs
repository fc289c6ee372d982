using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

/// <summary>
/// Claims about any feature — a unit or a direction — and its response to stimuli: <c>BeTunedTo</c>, <c>PreferOver</c>,
/// <c>HaveNoEcho</c>, <c>RespondTo</c>, and property-based <c>RespondAbove</c> / <c>StayAtMost</c>.
/// </summary>
public abstract class FeatureAssertions<TFeature, TAssertions>(TFeature subject) : ReferenceTypeAssertions<TFeature, TAssertions>(subject)
    where TFeature : Feature
    where TAssertions : FeatureAssertions<TFeature, TAssertions>
{
    private protected static string F(double value) => ClaimGuard.F(value);


    /// <summary>The unit's tuning curve over <paramref name="parameter"/> peaks within <paramref name="tolerance"/> of <paramref name="value"/>.</summary>
    public AndConstraint<TAssertions> BeTunedTo(StimulusSet stimuli, string parameter, double value, double tolerance, double period = 0,
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
    public AndConstraint<TAssertions> PreferOver(StimulusSet preferred, StimulusSet other, double minRatio = 2, int controls = 8, int seed = 0,
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
    public AndConstraint<TAssertions> HaveNoEcho(StimulusSet oriented, double maxRatio = 0.5, string because = "", params object[] becauseArgs)
    {
        var expectation = $"to have no echo (response half a turn away < {F(maxRatio)} of the peak)";
        ClaimGuard.Number($"{Subject} {expectation}", "the ratio", maxRatio);
        ClaimGuard.NotVacuous($"{Subject} {expectation}", maxRatio > 1, "the echo is measured as a fraction of the peak, never above 1");
        ClaimGuard.Possible($"{Subject} {expectation}", maxRatio <= 0, "the echo is measured above the tuning curve's minimum, never below 0");
        return Echo(oriented, expectation, ratio => ratio < maxRatio, because, becauseArgs);
    }

    /// <summary>Half a turn from its preferred orientation the unit responds at least <paramref name="minRatio"/> of its peak.</summary>
    public AndConstraint<TAssertions> HaveEcho(StimulusSet oriented, double minRatio = 0.5, string because = "", params object[] becauseArgs)
    {
        var expectation = $"to have an echo (response half a turn away ≥ {F(minRatio)} of the peak)";
        ClaimGuard.Number($"{Subject} {expectation}", "the ratio", minRatio);
        ClaimGuard.NotVacuous($"{Subject} {expectation}", minRatio <= 0, "the echo is measured above the tuning curve's minimum, never below 0");
        ClaimGuard.Possible($"{Subject} {expectation}", minRatio > 1, "the echo is a fraction of the peak, never above 1");
        return Echo(oriented, expectation, ratio => ratio >= minRatio, because, becauseArgs);
    }

    private AndConstraint<TAssertions> Echo(StimulusSet oriented, string expectation, Func<double, bool> holds, string because, object[] becauseArgs)
    {
        var curve = TuningCurve.OverOrientation(Subject.Model.Responses(oriented, Subject));
        return Reach(Verdict.Decide($"{Subject} {expectation}", holds(curve.EchoRatio),
            $"the echo was {F(curve.EchoRatio)} of the peak", [curve.Summary], curve.Inconclusive) with { Series = [curve.AsSeries()] }, because, becauseArgs);
    }

    /// <summary>The unit's mean response to the stimuli is at least <paramref name="atLeast"/> (a constant response is inconclusive).</summary>
    public AndConstraint<TAssertions> RespondTo(StimulusSet stimuli, double atLeast, string because = "", params object[] becauseArgs)
    {
        var claim = $"{Subject} to respond to {Describe(stimuli)} with a mean of at least {F(atLeast)}";
        ClaimGuard.Threshold(claim, atLeast, responsesAbove: true);
        var responses = Subject.Model.Responses(stimuli, Subject);
        var interval = Statistics.MeanInterval(responses.Values.Select(v => (double)v).ToList(), seed: 0);
        return Reach(Verdict.Decide(claim, responses.Mean >= atLeast,
            $"the mean response was {F(responses.Mean)} (95 % CI {F(interval.Low)}–{F(interval.High)})",
            [$"responses: {string.Join(", ", responses.Values.Take(12).Select(v => F(v)))}{(responses.Values.Count > 12 ? ", …" : "")}"],
            Statistics.TooFew(Subject.ToString(), responses.Values.Count) ?? responses.Inconclusive), because, becauseArgs);
    }

    /// <summary>No stimulus drives the unit above <paramref name="above"/> (a silent unit satisfies this; NaN is inconclusive).</summary>
    public AndConstraint<TAssertions> NotRespondTo(StimulusSet stimuli, double above, string because = "", params object[] becauseArgs)
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
    public AndConstraint<TAssertions> RespondAbove(double threshold, StimulusSpace forEvery, int tests = 100, (ulong Seed, ulong Gamma)? replay = null,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"every stimulus of {forEvery} to drive {Subject} above {F(threshold)}";
        ClaimGuard.Threshold(claim, threshold, responsesAbove: true);
        return Probe(claim, forEvery, v => v > threshold, tests, replay, because, becauseArgs);
    }

    /// <summary>No stimulus of the region drives the unit above <paramref name="threshold"/> (see <see cref="RespondAbove"/>).</summary>
    public AndConstraint<TAssertions> StayAtMost(double threshold, StimulusSpace forEvery, int tests = 100, (ulong Seed, ulong Gamma)? replay = null,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"no stimulus of {forEvery} to drive {Subject} above {F(threshold)}";
        ClaimGuard.Threshold(claim, threshold, responsesAbove: false);
        return Probe(claim, forEvery, v => v <= threshold, tests, replay, because, becauseArgs);
    }

    private AndConstraint<TAssertions> Probe(string claim, StimulusSpace space, Func<float, bool> holds, int tests, (ulong Seed, ulong Gamma)? replay,
        string because, object[] becauseArgs)
    {
        ClaimGuard.NotVacuous(claim, tests <= 0, $"{tests} tests draw no stimulus");
        // A NaN or infinite response is a counter-example of every property: it must surface, not pass as "above the threshold".
        var outcome = PropertyProbe.Run(Subject, space, v => float.IsFinite(v) && holds(v), tests, replay);
        var evidence = new List<string> { $"{outcome.Evaluations} stimuli evaluated (up to {tests} drawn, then shrinking)" };
        if (outcome.CounterExample is { } c)
        {
            evidence.Add($"minimal counter-example: {outcome.Point}: {c.Describe()} → response {F(outcome.Response)}");
            evidence.Add($"{Verdict.PicturePrefix}{outcome.Picture}");
            if (outcome.Replay is not null) evidence.Add(outcome.Replay);
        }
        return Reach(Verdict.Decide(claim, outcome.CounterExample is null,
            outcome.CounterExample is null ? "it held" : $"the stimulus at {outcome.Point} ({outcome.CounterExample}) gives {F(outcome.Response)}", evidence,
            !float.IsFinite(outcome.Response) && outcome.CounterExample is not null ? $"the response is {F(outcome.Response)} (NaN or infinite)" : null), because, becauseArgs);
    }

    internal AndConstraint<TAssertions> Reach(Verdict verdict, string because, object[] becauseArgs) => Conclusion.Reach((TAssertions)this, verdict, because, becauseArgs);

    internal static string Describe(StimulusSet stimuli) =>
        stimuli.Count == 0 ? "no stimuli" : $"{stimuli.Count} {string.Join("/", stimuli.Select(s => s.Kind).Distinct())} stimuli";
}
