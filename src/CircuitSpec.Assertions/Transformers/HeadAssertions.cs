using CircuitSpec.Claims;
using CircuitSpec.Errors;
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

    /// <summary>At least <paramref name="atLeast"/> of the attention of one template slot's token goes to another slot's (a syntactic relation).</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> AttendTo(SlotTarget relation, TextStimulusSet on, double atLeast = 0.5, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Attend(relation, on, atLeast, seed, $"{Subject.Label} to attend {relation.Description}", because, becauseArgs);

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

    /// <summary>Each query spreads its attention with an entropy of at least <paramref name="minEntropy"/> nats (Clark et al. 2019's broad heads).</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> AttendBroadly(TextStimulusSet on, double minEntropy = 1.5, int seed = 0,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"{Subject.Label} to attend broadly (entropy at least {ClaimGuard.F(minEntropy)} nats) on {on.Name}";
        ClaimGuard.Number(claim, "minEntropy", minEntropy);
        ClaimGuard.NotVacuous(claim, minEntropy <= 0, "every attention row has an entropy of at least 0");
        ClaimGuard.Possible(claim, double.IsPositiveInfinity(minEntropy), "no finite row of attention has infinite entropy");
        return Measured(new Spread(), on, minEntropy, seed, claim, "spread its attention with an entropy of", because, becauseArgs);
    }

    /// <summary>
    /// This head reads what <paramref name="earlier"/> writes through its query, key or value (Elhage et al. 2021's
    /// composition score), at least <paramref name="minScore"/> and above the 95th percentile of the same score
    /// between random Gaussian matrices of the same shapes (seeded).
    /// </summary>
    public AndWhichConstraint<HeadAssertions, Verdict> ComposeWith(AttentionHead earlier, CompositionKind via, double minScore = 0.1, int seed = 0,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"{Subject.Label} to {via}-compose with {earlier.Label} (score at least {ClaimGuard.F(minScore)})";
        ClaimGuard.Number(claim, "minScore", minScore);
        ClaimGuard.NotVacuous(claim, minScore <= 0, "every composition score is at least 0");
        ClaimGuard.Possible(claim, minScore > 1, "no composition score exceeds 1");
        var score = Composition.Of(via, earlier, Subject);
        var baseline = Composition.RandomBaseline(via, earlier, Subject, samples: 20, seed);
        var high = baseline.Order().ElementAt((int)Math.Ceiling(0.95 * baseline.Count) - 1);
        return Conclude(Verdict.Decide(claim, score >= minScore && score > high,
            $"the score was {ClaimGuard.F(score)} (random matrices of the same shapes: mean {ClaimGuard.F(baseline.Average())}, 95th percentile {ClaimGuard.F(high)})",
            [$"Q {ClaimGuard.F(Composition.Q(earlier, Subject))}, K {ClaimGuard.F(Composition.K(earlier, Subject))}, V {ClaimGuard.F(Composition.V(earlier, Subject))}"]),
            because, becauseArgs);
    }

    /// <summary>
    /// The head's OV circuit copies tokens: for at least <paramref name="minShare"/> of up to 1,000 whole-word tokens
    /// (seeded), the token's own embedding scores highest after W_V·W_O, and more often than for random matrices of the
    /// same shapes (95th percentile of 20 seeded draws).
    /// </summary>
    public AndWhichConstraint<HeadAssertions, Verdict> CopyTokens(double minShare = 0.5, int seed = 0, string because = "", params object[] becauseArgs)
    {
        var claim = $"the OV circuit of {Subject.Label} to copy tokens (at least {ClaimGuard.F(minShare)} of tokens map to themselves)";
        ClaimGuard.Number(claim, "minShare", minShare);
        ClaimGuard.NotVacuous(claim, minShare <= 0, "every head copies at least 0 of the tokens");
        ClaimGuard.Possible(claim, minShare > 1, "no head copies more than all tokens");
        var copying = TokenCopying.Measure(Subject, seed: seed);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var baseline = Composition.RandomOv(Subject, samples: 20, seed).Select(ov => TokenCopying.Measure(Subject, ov, 1000, seed).Share).Order().ToList();
        var high = baseline[(int)Math.Ceiling(0.95 * baseline.Count) - 1];
        return Conclude(Verdict.Decide(claim, copying.Share >= minShare && copying.Share > high,
            $"{copying.Copied} of {copying.Tokens} tokens ({ClaimGuard.F(copying.Share)}) map to themselves (random matrices of the same shapes: 95th percentile {ClaimGuard.F(high)})",
            [$"copied, for example: {(copying.Examples.Count == 0 ? "none" : string.Join(", ", copying.Examples))}"]),
            because, becauseArgs);
    }

    /// <summary>
    /// A head of <paramref name="other"/> (<paramref name="which"/>, when named) attends as this one does on the same
    /// texts: the patterns' correlation is at least <paramref name="minCorrelation"/> and above every shuffled baseline's
    /// 95th percentile.
    /// </summary>
    public AndWhichConstraint<HeadAssertions, Verdict> HaveAnalogueIn(SentenceTransformer other, TextStimulusSet on, double minCorrelation = 0.5,
        AttentionHead? which = null, int seed = 0, string because = "", params object[] becauseArgs)
    {
        var claim = $"{Subject.Label} of '{Subject.Model.Name}' to have an analogue in '{other.Name}'{(which is null ? "" : $" ({which.Label})")} " +
                    $"(pattern correlation at least {ClaimGuard.F(minCorrelation)}) on {on.Name}";
        ClaimGuard.Number(claim, "minCorrelation", minCorrelation);
        ClaimGuard.NotVacuous(claim, minCorrelation <= -1, "every correlation is at least −1");
        ClaimGuard.Possible(claim, minCorrelation > 1, "no correlation exceeds 1");
        if (which is not null && which.Model != other) throw new CircuitSpecException($"{which} is not a head of '{other.Name}'.");
        var analogues = HeadAnalogues.Measure(Subject, other, on, seed: seed);
        var match = which is null ? analogues.Best : analogues.Ranked.FirstOrDefault(r => r.Head == which);
        var high = analogues.ShuffledBaseline.Order().ElementAt((int)Math.Ceiling(0.95 * analogues.ShuffledBaseline.Count) - 1);
        var best = analogues.Ranked.Take(3).Select(r => $"{r.Head.Label} {ClaimGuard.F(r.Correlation)}");
        var isBest = match.Head is not null && analogues.Best.Head == match.Head;
        var rank = isBest ? ", the best match" : $", below the best match {analogues.Best.Head.Label} at {ClaimGuard.F(analogues.Best.Correlation)}";
        return Conclude(Verdict.Decide(claim, isBest && match.Correlation >= minCorrelation && match.Correlation > high,
            match.Head is null ? $"{which!.Label}'s pattern does not vary on these texts"
                : $"{match.Head.Label} correlates at {ClaimGuard.F(match.Correlation)}{rank} (patterns shuffled within rows: 95th percentile {ClaimGuard.F(high)})",
            [$"best matches: {string.Join(", ", best)}", $"stimuli: {on.Name}"]),
            because, becauseArgs);
    }

    private AndWhichConstraint<HeadAssertions, Verdict> Attend(AttentionTarget target, TextStimulusSet on, double atLeast, int seed, string sentence,
        string because, object[] becauseArgs)
    {
        var claim = $"{sentence} (at least {ClaimGuard.F(atLeast)} of its attention) on {on.Name}";
        ClaimGuard.Number(claim, "the share", atLeast);
        ClaimGuard.NotVacuous(claim, atLeast <= 0, "every head puts at least 0 of its attention anywhere");
        ClaimGuard.Possible(claim, atLeast > 1, "no head puts more than all of its attention anywhere");
        return Measured(target, on, atLeast, seed, claim, "put", because, becauseArgs);
    }

    private AndWhichConstraint<HeadAssertions, Verdict> Measured(AttentionTarget target, TextStimulusSet on, double atLeast, int seed, string claim, string verb,
        string because, object[] becauseArgs)
    {
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
            $"it {verb} {ClaimGuard.F(mean)}{(verb == "put" ? " there" : "")} (95 % CI {ClaimGuard.F(interval.Low)} to {ClaimGuard.F(interval.High)}; " +
            $"the other heads' median {ClaimGuard.F(median)}, rank {rank} of {others.Count + 1})",
            [$"per text: {string.Join(", ", scores.Select(ClaimGuard.F))}", $"strongest heads: {string.Join(", ", strongest)}", $"stimuli: {on.Name}"]),
            because, becauseArgs);
    }

    private AndWhichConstraint<HeadAssertions, Verdict> Conclude(Verdict verdict, string because, object[] becauseArgs) =>
        Conclusion.Reach(this, verdict, because, becauseArgs);
}
