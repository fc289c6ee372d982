using CircuitSpec.Claims;
using CircuitSpec.Measurements;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Models.Transformers;

/// <summary>Entry point of head claims: <c>model.Head(1, 8).Should().AttendTo(new RelativePosition(+1), on: sentences)</c>.</summary>
public static class HeadClaims
{
    public static HeadAssertions Should(this AttentionHead head) => new(head);
}

/// <summary>
/// Claims about where an attention head looks. Each is measured per text (the mean over the text's queries that have
/// the target), with a bootstrap interval over texts, beside every other head of the model as the negative control:
/// a claim holds when the head's mean reaches the threshold and its interval lies above the other heads' median.
/// </summary>
public sealed class HeadAssertions(AttentionHead subject) : ReferenceTypeAssertions<AttentionHead, HeadAssertions>(subject)
{
    protected override string Identifier => "head";

    /// <summary>At least <paramref name="atLeast"/> of each query's attention goes to the key at <paramref name="position"/>.</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> AttendTo(RelativePosition position, TextStimulusSet on, double atLeast = 0.5, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Attend(position, on, atLeast, seed, $"{Subject.Label} to attend to {position.Description}", because, becauseArgs);

    /// <summary>At least <paramref name="atLeast"/> of each query's attention goes to the token (every occurrence).</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> AttendToToken(string token, TextStimulusSet on, double atLeast = 0.5, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Attend(new TokenTarget(token), on, atLeast, seed, $"{Subject.Label} to attend to '{token}'", because, becauseArgs);

    /// <summary>TransformerLens's induction score on repeated random tokens reaches <paramref name="minScore"/>.</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> BeAnInductionHead(TextStimulusSet on, double minScore = 0.4, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Attend(new RepeatTarget(Induction: true), on, minScore, seed, $"{Subject.Label} to be an induction head", because, becauseArgs);

    /// <summary>On repeated random tokens, the second copy's tokens attend to their first occurrence (at least <paramref name="minScore"/>).</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> BeADuplicateTokenHead(TextStimulusSet on, double minScore = 0.4, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Attend(new RepeatTarget(Induction: false), on, minScore, seed, $"{Subject.Label} to be a duplicate-token head", because, becauseArgs);

    private AndWhichConstraint<HeadAssertions, Verdict> Attend(AttentionTarget target, TextStimulusSet on, double atLeast, int seed, string sentence,
        string because, object[] becauseArgs)
    {
        var claim = $"{sentence} (at least {ClaimGuard.F(atLeast)} of its attention) on {on.Name}";
        ClaimGuard.Number(claim, "the share", atLeast);
        ClaimGuard.NotVacuous(claim, atLeast <= 0, "every head puts at least 0 of its attention anywhere");
        ClaimGuard.Possible(claim, atLeast > 1, "no head puts more than all of its attention anywhere");
        var table = HeadScoreTable.Measure(Subject.Model, on, target);
        var scores = table.Of(Subject);
        if (scores.Count == 0)
            return Conclude(Verdict.Decide(claim, false, "", [], $"no text of {on.Name} has {target.Description} for any query"), because, becauseArgs);
        var mean = scores.Average();
        var interval = Statistics.MeanInterval(scores, seed);
        var others = table.Ranked().Where(s => s.Layer != Subject.Layer || s.Head != Subject.Index).Select(s => s.Score).Where(double.IsFinite).Order().ToList();
        var median = others.Count == 0 ? 0 : others[others.Count / 2];
        var rank = table.Ranked().ToList().FindIndex(s => s.Layer == Subject.Layer && s.Head == Subject.Index) + 1;
        var strongest = table.Ranked().Take(3).Select(s => $"blocks.{s.Layer}.attn:{s.Head} {ClaimGuard.F(s.Score)}");
        return Conclude(Verdict.Decide(claim,
            mean >= atLeast && interval.Low > median,
            $"it put {ClaimGuard.F(mean)} there (95 % CI {ClaimGuard.F(interval.Low)} to {ClaimGuard.F(interval.High)}; " +
            $"the other heads' median {ClaimGuard.F(median)}, rank {rank} of {others.Count + 1})",
            [$"per text: {string.Join(", ", scores.Select(ClaimGuard.F))}", $"strongest heads: {string.Join(", ", strongest)}", $"stimuli: {on.Name}"]),
            because, becauseArgs);
    }

    private AndWhichConstraint<HeadAssertions, Verdict> Conclude(Verdict verdict, string because, object[] becauseArgs) =>
        Conclusion.Reach(this, verdict, because, becauseArgs);
}
