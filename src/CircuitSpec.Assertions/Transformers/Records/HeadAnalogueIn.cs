using CircuitSpec.Claims;
using CircuitSpec.Errors;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// A head of <see cref="Other"/> (<see cref="Which"/>, when named) attends as the subject does on the same texts: the
/// patterns' correlation is at least <see cref="MinCorrelation"/> and above every shuffled baseline's 95th percentile.
/// </summary>
public sealed record HeadAnalogueIn(AttentionHead Subject, SentenceTransformer Other, TextStimulusSet On, double MinCorrelation = 0.5, AttentionHead? Which = null,
    int Seed = 0) : ClaimRecord
{
    public override string Sentence => $"{Subject.Label} of '{Subject.Model.Name}' to have an analogue in '{Other.Name}'{(Which is null ? "" : $" ({Which.Label})")} " +
                                       $"(pattern correlation at least {F(MinCorrelation)}) on {On.Name}";

    protected override void Guard()
    {
        Number("minCorrelation", MinCorrelation);
        NotVacuous(MinCorrelation <= -1, "every correlation is at least −1");
        Possible(MinCorrelation > 1, "no correlation exceeds 1");
        if (Which is not null && Which.Model != Other) throw new CircuitSpecException($"{Which} is not a head of '{Other.Name}'.");
    }

    protected override Verdict Decide()
    {
        var analogues = HeadAnalogues.Measure(Subject, Other, On, seed: Seed);
        var match = Which is null ? analogues.Best : analogues.Ranked.FirstOrDefault(r => r.Head == Which);
        var high = analogues.ShuffledBaseline.Order().ElementAt((int)Math.Ceiling(0.95 * analogues.ShuffledBaseline.Count) - 1);
        var isBest = match.Head is not null && analogues.Best.Head == match.Head;
        return Verdict(isBest && match.Correlation >= MinCorrelation && match.Correlation > high,
            () =>
            {
                if (match.Head is null) return $"{Which!.Label}'s pattern does not vary on these texts";
                var rank = isBest ? ", the best match" : $", below the best match {analogues.Best.Head.Label} at {F(analogues.Best.Correlation)}";
                return $"{match.Head.Label} correlates at {F(match.Correlation)}{rank} (patterns shuffled within rows: 95th percentile {F(high)})";
            },
            () => [$"best matches: {string.Join(", ", analogues.Ranked.Take(3).Select(r => $"{r.Head.Label} {F(r.Correlation)}"))}", $"stimuli: {On.Name}"],
            null, analogues);
    }
}
