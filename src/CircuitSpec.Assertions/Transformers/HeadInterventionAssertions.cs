using CircuitSpec.Claims;
using CircuitSpec.Errors;
using CircuitSpec.Measurements;
using FluentAssertions;
using FluentAssertions.Primitives;
using static TorchSharp.torch;

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
        double byAtLeast = 0.2, int seed = 0, string because = "", params object[] becauseArgs)
    {
        var head = Subject.Head;
        var claim = $"{Subject.Description} to reduce {later.Label}'s attention to {to.Description} by at least {ClaimGuard.F(byAtLeast)} on {on.Name}";
        ClaimGuard.Number(claim, "byAtLeast", byAtLeast);
        ClaimGuard.NotVacuous(claim, byAtLeast <= 0, "a change of at most 0 is no reduction");
        ClaimGuard.Possible(claim, to is not Spread && byAtLeast > 1, "attention cannot fall by more than all of it");
        if (later.Layer <= head.Layer)
            throw new CircuitSpecException($"{later.Label} is not in a block after {head.Label}: a change to a head reaches only later blocks' attention.");
        if (later.Model != head.Model) throw new CircuitSpecException($"{later} and {head} are heads of different models.");

        var clean = HeadScoreTable.Measure(head.Model, on, to).Of(later);
        if (clean.Count == 0)
            return Conclude(Verdict.Decide(claim, false, "", [], $"no text of {on.Name} has {to.Description} for any query"), because, becauseArgs);
        var drops = Drops(Subject, later, to, on, clean);
        var mean = drops.Average();
        var interval = Statistics.MeanInterval(drops, seed);
        var controls = Enumerable.Range(0, head.Model.Heads).Where(h => h != head.Index)
            .Select(h => (Head: head.Model.Head(head.Layer, h), Drop: Drops(Subject.On(head.Model.Head(head.Layer, h)), later, to, on, clean).Average())).ToList();
        var median = controls.Select(c => c.Drop).Order().ElementAt(controls.Count / 2);
        var strongest = controls.MaxBy(c => c.Drop);
        return Conclude(Verdict.Decide(claim, mean >= byAtLeast && interval.Low > median,
            $"it fell by {ClaimGuard.F(mean)} (95 % CI {ClaimGuard.F(interval.Low)} to {ClaimGuard.F(interval.High)}) from {ClaimGuard.F(clean.Average())}; " +
            $"the same change to the block's other heads: median {ClaimGuard.F(median)}, largest {ClaimGuard.F(strongest.Drop)} ({strongest.Head.Label})",
            [$"per text: {string.Join(", ", drops.Select(ClaimGuard.F))}", $"controls: {string.Join(", ", controls.Select(c => $"{c.Head.Label} {ClaimGuard.F(c.Drop)}"))}", $"stimuli: {on.Name}"]),
            because, becauseArgs);
    }

    private static List<double> Drops(HeadIntervention intervention, AttentionHead later, AttentionTarget to, TextStimulusSet on, IReadOnlyList<double> clean)
    {
        using var scope = NewDisposeScope();
        var change = intervention.Make(intervention.Head, on.Batch(later.Model.Tokenizer));
        var changed = HeadScoreTable.Measure(later.Model, on, to, [change]).Of(later);
        return clean.Zip(changed, (c, a) => c - a).ToList();
    }

    private AndWhichConstraint<HeadInterventionAssertions, Verdict> Conclude(Verdict verdict, string because, object[] becauseArgs) =>
        Conclusion.Reach(this, verdict, because, becauseArgs);
}
