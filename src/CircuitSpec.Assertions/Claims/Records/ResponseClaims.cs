using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Claims;

/// <summary>The feature's tuning curve over <see cref="Parameter"/> peaks within <see cref="Tolerance"/> of <see cref="Value"/> (on a circle when <see cref="Period"/> &gt; 0).</summary>
public sealed record TunedTo(Feature Subject, StimulusSet Stimuli, string Parameter, double Value, double Tolerance, double Period = 0) : ClaimRecord
{
    public override string Sentence => $"{Subject} to be tuned to {Parameter} {F(Value)} ± {F(Tolerance)}";

    protected override void Guard()
    {
        Number("the value", Value);
        Number("the tolerance", Tolerance);
        Possible(Tolerance < 0, "a distance is never negative");
        NotVacuous(double.IsPositiveInfinity(Tolerance) || (Period > 0 && Tolerance >= Period / 2),
            $"no {Parameter} is further than {F(Period / 2)} from {F(Value)} on a circle of {F(Period)}");
    }

    protected override Verdict Decide()
    {
        var curve = TuningCurve.Over(Subject.Model.Responses(Stimuli, Subject), Parameter, Period);
        var distance = Circular.Distance(curve.Preferred, Value, Period);
        return Verdict(distance <= Tolerance, () => $"it prefers {F(curve.Preferred)} ({F(distance)} away)",
            () => [curve.Summary, $"stimuli: {Describe(Stimuli)}"], curve.Inconclusive, curve) with { Series = [curve.AsSeries()] };
    }
}

/// <summary>
/// The feature responds at least <see cref="MinRatio"/> times as strongly to <see cref="Preferred"/> as to
/// <see cref="Other"/>, the difference's interval excludes zero, and <see cref="Controls"/> random units of its layer are reported beside it.
/// </summary>
public sealed record Prefers(Feature Subject, StimulusSet Preferred, StimulusSet Other, double MinRatio = 2, int Controls = 8, int Seed = 0) : ClaimRecord
{
    public override string Sentence => $"{Subject} to prefer {Describe(Preferred)} over {Describe(Other)} by ≥ {F(MinRatio)}×";

    protected override void Guard()
    {
        Number("the ratio", MinRatio);
        Possible(double.IsPositiveInfinity(MinRatio), "no ratio of finite responses reaches ∞");
        Possible(Controls < 0, $"{Controls} control units cannot be drawn");
    }

    protected override Verdict Decide()
    {
        var report = Selectivity.Measure(Subject.Model, Subject, Preferred, Other, Controls, Seed);
        var c = report.Feature;
        return Verdict(c.PrefersBy(MinRatio) && c.Difference.Low > 0, () => Finding(report), () => Evidence(report), c.Inconclusive, report);
    }

    private string Finding(SelectivityReport report)
    {
        var c = report.Feature;
        var controlRatios = report.Controls.Where(x => x.Inconclusive is null).Select(x => x.Ratio).Where(double.IsFinite).Order().ToList();
        var ratio = c.RatioDefined ? $"the ratio was {F(c.Ratio)}"
            : $"the ratio is undefined, since the other stimuli's mean response is {F(c.MeanOther)} ≤ 0 (signed responses), so it was judged as " +
              $"{F(c.MeanPreferred)} > 0 and ≥ {F(MinRatio)} × {F(c.MeanOther)} with the difference's interval above 0";
        return $"{ratio} (d = {F(c.CohensD)}, difference 95 % CI {F(c.Difference.Low)}–{F(c.Difference.High)}; " +
               $"random units of {Subject.Layer}: median ratio {(controlRatios.Count == 0 ? "n/a" : F(Statistics.Quantile(controlRatios, 0.5)))})";
    }

    private IEnumerable<string> Evidence(SelectivityReport report) =>
    [
        report.Feature.ToString(),
        $"negative control, random units of {Subject.Layer}: " +
        string.Join("; ", report.Controls.Select(x => x.Inconclusive is null ? $"{x.Feature} ratio {F(x.Ratio)}, d {F(x.CohensD)}" : $"{x.Feature} constant")),
    ];
}

/// <summary>
/// Half a turn from its preferred orientation the feature responds at least <see cref="Ratio"/> of its peak (an echo,
/// when <see cref="Present"/>), or less than that (no echo).
/// </summary>
public sealed record Echo(Feature Subject, StimulusSet Oriented, bool Present, double Ratio = 0.5) : ClaimRecord
{
    public override string Sentence => Present
        ? $"{Subject} to have an echo (response half a turn away ≥ {F(Ratio)} of the peak)"
        : $"{Subject} to have no echo (response half a turn away < {F(Ratio)} of the peak)";

    protected override void Guard()
    {
        Number("the ratio", Ratio);
        if (Present)
        {
            NotVacuous(Ratio <= 0, "the echo is measured above the tuning curve's minimum, never below 0");
            Possible(Ratio > 1, "the echo is a fraction of the peak, never above 1");
        }
        else
        {
            NotVacuous(Ratio > 1, "the echo is measured as a fraction of the peak, never above 1");
            Possible(Ratio <= 0, "the echo is measured above the tuning curve's minimum, never below 0");
        }
    }

    protected override Verdict Decide()
    {
        var curve = TuningCurve.OverOrientation(Subject.Model.Responses(Oriented, Subject));
        return Verdict(Present ? curve.EchoRatio >= Ratio : curve.EchoRatio < Ratio, () => $"the echo was {F(curve.EchoRatio)} of the peak",
            () => [curve.Summary], curve.Inconclusive, curve) with { Series = [curve.AsSeries()] };
    }
}
