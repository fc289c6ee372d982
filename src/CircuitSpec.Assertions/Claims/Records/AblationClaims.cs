using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Claims;

/// <summary>With <see cref="Lesion"/> applied, the target's mean response on the stimuli falls by at least <see cref="ByAtLeast"/> (0.5 = halved), and the change's interval excludes zero.</summary>
public sealed record ReducesResponse(Lesion Lesion, Feature Target, StimulusSet On, double ByAtLeast = 0.5, int Seed = 0) : ClaimRecord
{
    public override string Sentence => $"'{Lesion.Label}' to reduce the response of {Target} by at least {P(ByAtLeast)}";

    protected override void Guard()
    {
        Number("byAtLeast", ByAtLeast);
        Possible(double.IsPositiveInfinity(ByAtLeast), "no finite change is a reduction by ∞");
    }

    protected override Verdict Decide()
    {
        var result = Lesion.With(i => AblationEffect.Measure(Target.Model, On, Target, [i], Seed));
        return Verdict(result.RelativeChange <= -ByAtLeast && result.Change.High < 0, () => Changed(result),
            () => [result.ToString(), $"stimuli: {Describe(On)}"], result.Inconclusive, result);
    }

    internal static string Changed(AblationResult result) =>
        $"it changed by {P(result.RelativeChange, 1)} (95 % CI {P(result.RelativeInterval.Low, 1)} to {P(result.RelativeInterval.High, 1)})";
}

/// <summary>With <see cref="Lesion"/> applied, the target's mean response changes by no more than <see cref="ByMoreThan"/> of its baseline (a negative control).</summary>
public sealed record LeavesResponse(Lesion Lesion, Feature Target, StimulusSet On, double ByMoreThan = 0.1, int Seed = 0) : ClaimRecord
{
    public override string Sentence => $"'{Lesion.Label}' not to change the response of {Target} by more than {P(ByMoreThan)}";

    protected override void Guard()
    {
        Number("byMoreThan", ByMoreThan);
        NotVacuous(double.IsPositiveInfinity(ByMoreThan), "no finite change is more than ∞");
        Possible(ByMoreThan < 0, "no change is smaller than none");
    }

    protected override Verdict Decide()
    {
        var result = Lesion.With(i => AblationEffect.Measure(Target.Model, On, Target, [i], Seed));
        return Verdict(Math.Abs(result.RelativeChange) <= ByMoreThan, () => ReducesResponse.Changed(result),
            () => [result.ToString(), $"stimuli: {Describe(On)}"], result.Inconclusive, result);
    }
}
