using CircuitSpec.Claims;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Models.Transformers;

/// <summary>Entry point of intervention claims: <c>model.Head(0, 2).Ablated().Should().ReduceAttentionOf(...)</c>.</summary>
public static class HeadInterventionClaims
{
    public static HeadInterventionAssertions Should(this HeadIntervention intervention) => new(intervention);
}

/// <summary>
/// Claims about what a change to a head does to later heads. Measured per text (paired: the same text with and without
/// the change), with a bootstrap interval over texts, beside the same change made to every other head of the same
/// block as the negative control: a claim holds when the mean effect reaches the threshold and its interval lies above
/// the controls' median.
/// </summary>
public sealed class HeadInterventionAssertions(HeadIntervention subject) : ReferenceTypeAssertions<HeadIntervention, HeadInterventionAssertions>(subject)
{
    protected override string Identifier => "intervention";

    /// <summary>
    /// The change lowers <paramref name="later"/>'s attention to <paramref name="to"/> by at least <paramref name="byAtLeast"/>
    /// (of all its attention; e.g. ablating a previous-token head lowers an induction head's induction score).
    /// </summary>
    public AndWhichConstraint<HeadInterventionAssertions, Verdict> ReduceAttentionOf(AttentionHead later, AttentionTarget to, TextStimulusSet on,
        double byAtLeast = 0.2, int seed = 0, string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new ReducesAttention(Subject, later, to, on, byAtLeast, seed), because, becauseArgs);
}
