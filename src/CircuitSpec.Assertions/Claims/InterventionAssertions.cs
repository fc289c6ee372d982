using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

/// <summary>
/// Claims about what an ablation (or any intervention) does to a target: <c>sources.Ablated().Should().ReduceResponseOf(…)</c>.
/// An <see cref="Ablation"/> is made into its intervention for each claim and disposed after it; an
/// <see cref="Intervention"/> passed in stays its caller's.
/// </summary>
public sealed class InterventionAssertions : ReferenceTypeAssertions<object, InterventionAssertions>
{
    private readonly string _label;
    private readonly Func<(Intervention Intervention, bool Owned)> _lease;

    public InterventionAssertions(Intervention intervention) : base(intervention)
    {
        _label = intervention.Label;
        _lease = () => (intervention, false);
    }

    public InterventionAssertions(Ablation ablation) : base(ablation)
    {
        _label = ablation.Label;
        _lease = () => (ablation.Make(), true);
    }

    protected override string Identifier => "intervention";

    private AblationResult Measure(Feature target, StimulusSet on, int seed)
    {
        var (intervention, owned) = _lease();
        try
        {
            return AblationEffect.Measure(target.Model, on, target, [intervention], seed);
        }
        finally
        {
            if (owned) intervention.Dispose();
        }
    }

    /// <summary>The target's mean response on the stimuli falls by at least <paramref name="byAtLeast"/> (0.5 = halved), and the change's interval excludes zero.</summary>
    public AndWhichConstraint<InterventionAssertions, Verdict> ReduceResponseOf(Feature target, StimulusSet on, double byAtLeast = 0.5, int seed = 0,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"'{_label}' to reduce the response of {target} by at least {byAtLeast:P0}";
        ClaimGuard.Number(claim, "byAtLeast", byAtLeast);
        ClaimGuard.Possible(claim, double.IsPositiveInfinity(byAtLeast), "no finite change is a reduction by ∞");
        var result = Measure(target, on, seed);
        return Conclusion.Reach(this, Verdict.Decide(claim,
            result.RelativeChange <= -byAtLeast && result.Change.High < 0,
            $"it changed by {result.RelativeChange:P1} (95 % CI {result.RelativeInterval.Low:P1} to {result.RelativeInterval.High:P1})",
            [result.ToString(), $"stimuli: {UnitAssertions.Describe(on)}"], result.Inconclusive), because, becauseArgs);
    }

    /// <summary>The target's mean response changes by no more than <paramref name="byMoreThan"/> of its baseline (a negative control).</summary>
    public AndWhichConstraint<InterventionAssertions, Verdict> NotChangeResponseOf(Feature target, StimulusSet on, double byMoreThan = 0.1, int seed = 0,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"'{_label}' not to change the response of {target} by more than {byMoreThan:P0}";
        ClaimGuard.Number(claim, "byMoreThan", byMoreThan);
        ClaimGuard.NotVacuous(claim, double.IsPositiveInfinity(byMoreThan), "no finite change is more than ∞");
        ClaimGuard.Possible(claim, byMoreThan < 0, "no change is smaller than none");
        var result = Measure(target, on, seed);
        return Conclusion.Reach(this, Verdict.Decide(claim,
            Math.Abs(result.RelativeChange) <= byMoreThan,
            $"it changed by {result.RelativeChange:P1} (95 % CI {result.RelativeInterval.Low:P1} to {result.RelativeInterval.High:P1})",
            [result.ToString(), $"stimuli: {UnitAssertions.Describe(on)}"], result.Inconclusive), because, becauseArgs);
    }
}
