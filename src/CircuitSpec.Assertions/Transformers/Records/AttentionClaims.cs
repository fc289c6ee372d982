using CircuitSpec.Claims;
using CircuitSpec.Measurements;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// A claim about where a head looks, measured per text (the mean over the text's queries that have the target), with a
/// bootstrap interval over texts, beside every other head of the model as the negative control: it holds when the
/// head's mean reaches the threshold and its interval lies above the other heads' median.
/// </summary>
public abstract record HeadScoreClaim(AttentionHead Subject, TextStimulusSet On, int Seed) : ClaimRecord
{
    private protected Verdict Measure(AttentionTarget target, double atLeast, string verb)
    {
        var table = HeadScoreTable.Measure(Subject.Model, On, target);
        var scores = table.Of(Subject);
        if (scores.Count == 0) return Verdict(false, () => "", () => [], $"no text of {On.Name} has {target.Description} for any query", table);
        var mean = scores.Average();
        var interval = Statistics.MeanInterval(scores, Seed);
        var ranked = table.Ranked().ToList();
        var others = ranked.Where(s => s.Layer != Subject.Layer || s.Head != Subject.Index).Select(s => s.Score).Where(double.IsFinite).Order().ToList();
        var median = others.Count == 0 ? 0 : others[others.Count / 2];
        return Verdict(mean >= atLeast && interval.Low > median,
            () => $"it {verb} {F(mean)}{(verb == "put" ? " there" : "")} (95 % CI {F(interval.Low)} to {F(interval.High)}; " +
                  $"the other heads' median {F(median)}, rank {ranked.FindIndex(s => s.Layer == Subject.Layer && s.Head == Subject.Index) + 1} of {others.Count + 1})",
            () =>
            [
                $"per text: {string.Join(", ", scores.Select(F))}",
                $"strongest heads: {string.Join(", ", ranked.Take(3).Select(s => $"blocks.{s.Layer}.attn:{s.Head} {F(s.Score)}"))}",
                $"stimuli: {On.Name}",
            ],
            null, table, interval);
    }
}

/// <summary>
/// At least <see cref="AtLeast"/> of the head's attention goes to <see cref="Target"/>: a relative position, a
/// template slot, a token, or — on repeated random tokens — the induction or duplicate-token target.
/// </summary>
public sealed record Attends(AttentionHead Subject, AttentionTarget Target, TextStimulusSet On, double AtLeast = 0.5, int Seed = 0) : HeadScoreClaim(Subject, On, Seed)
{
    public override string Sentence => $"{Subject.Label} to {Target switch
    {
        SlotTarget relation => $"attend {relation.Description}",
        TokenTarget token => $"attend to '{token.Token}'",
        RepeatTarget { Induction: true } => "be an induction head",
        RepeatTarget => "be a duplicate-token head",
        _ => $"attend to {Target.Description}",
    }} (at least {F(AtLeast)} of its attention) on {On.Name}";

    protected override void Guard()
    {
        Possible(Target is Spread, "a spread is measured in nats, not as a share of attention: claim it with AttendBroadly");
        Number("the share", AtLeast);
        NotVacuous(AtLeast <= 0, "every head puts at least 0 of its attention anywhere");
        Possible(AtLeast > 1, "no head puts more than all of its attention anywhere");
    }

    protected override Verdict Decide() => Measure(Target, AtLeast, "put");
}

/// <summary>Each query spreads its attention with an entropy of at least <see cref="MinEntropy"/> nats (Clark et al. 2019's broad heads).</summary>
public sealed record AttendsBroadly(AttentionHead Subject, TextStimulusSet On, double MinEntropy = 1.5, int Seed = 0) : HeadScoreClaim(Subject, On, Seed)
{
    public override string Sentence => $"{Subject.Label} to attend broadly (entropy at least {F(MinEntropy)} nats) on {On.Name}";

    protected override void Guard()
    {
        Number("minEntropy", MinEntropy);
        NotVacuous(MinEntropy <= 0, "every attention row has an entropy of at least 0");
        Possible(double.IsPositiveInfinity(MinEntropy), "no finite row of attention has infinite entropy");
    }

    protected override Verdict Decide() => Measure(new Spread(), MinEntropy, "spread its attention with an entropy of");
}
