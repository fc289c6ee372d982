using CircuitSpec.Features;
using CircuitSpec.Interventions;
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
    private readonly Lesion _lesion;

    public InterventionAssertions(Intervention intervention) : base(intervention) => _lesion = new GivenIntervention(intervention);

    public InterventionAssertions(Ablation ablation) : base(ablation) => _lesion = ablation;

    protected override string Identifier => "intervention";

    /// <summary>The target's mean response on the stimuli falls by at least <paramref name="byAtLeast"/> (0.5 = halved), and the change's interval excludes zero.</summary>
    public AndWhichConstraint<InterventionAssertions, Verdict> ReduceResponseOf(Feature target, StimulusSet on, double byAtLeast = 0.5, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new ReducesResponse(_lesion, target, on, byAtLeast, seed), because, becauseArgs);

    /// <summary>The target's mean response changes by no more than <paramref name="byMoreThan"/> of its baseline (a negative control).</summary>
    public AndWhichConstraint<InterventionAssertions, Verdict> NotChangeResponseOf(Feature target, StimulusSet on, double byMoreThan = 0.1, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new LeavesResponse(_lesion, target, on, byMoreThan, seed), because, becauseArgs);
}
