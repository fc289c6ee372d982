using CircuitSpec.Claims;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// The head reads what <see cref="Earlier"/> writes through its query, key or value (Elhage et al. 2021's composition
/// score), at least <see cref="MinScore"/> and above the 95th percentile of the same score between random Gaussian
/// matrices of the same shapes (seeded).
/// </summary>
public sealed record ComposesWith(AttentionHead Subject, AttentionHead Earlier, CompositionKind Via, double MinScore = 0.1, int Seed = 0) : ClaimRecord
{
    public override string Sentence => $"{Subject.Label} to {Via}-compose with {Earlier.Label} (score at least {F(MinScore)})";

    protected override void Guard()
    {
        Number("minScore", MinScore);
        NotVacuous(MinScore <= 0, "every composition score is at least 0");
        Possible(MinScore > 1, "no composition score exceeds 1");
    }

    protected override Verdict Decide()
    {
        var score = Composition.Of(Via, Earlier, Subject);
        var baseline = Composition.RandomBaseline(Via, Earlier, Subject, samples: 20, Seed);
        var high = baseline.Order().ElementAt((int)Math.Ceiling(0.95 * baseline.Count) - 1);
        var (q, k, v) = (Composition.Q(Earlier, Subject), Composition.K(Earlier, Subject), Composition.V(Earlier, Subject));
        return Verdict(score >= MinScore && score > high,
            () => $"the score was {F(score)} (random matrices of the same shapes: mean {F(baseline.Average())}, 95th percentile {F(high)})",
            () => [$"Q {F(q)}, K {F(k)}, V {F(v)}"], null);
    }
}

/// <summary>
/// The head's OV circuit copies tokens: for at least <see cref="MinShare"/> of up to 1,000 whole-word tokens (seeded),
/// the token's own embedding scores highest after W_V·W_O, and more often than for random matrices of the same shapes
/// (95th percentile of 20 seeded draws).
/// </summary>
public sealed record CopiesTokens(AttentionHead Subject, double MinShare = 0.5, int Seed = 0) : ClaimRecord
{
    public override string Sentence => $"the OV circuit of {Subject.Label} to copy tokens (at least {F(MinShare)} of tokens map to themselves)";

    protected override void Guard()
    {
        Number("minShare", MinShare);
        NotVacuous(MinShare <= 0, "every head copies at least 0 of the tokens");
        Possible(MinShare > 1, "no head copies more than all tokens");
    }

    protected override Verdict Decide()
    {
        var copying = TokenCopying.Measure(Subject, seed: Seed);
        List<double> baseline;
        using (NewDisposeScope())
            baseline = Composition.RandomOv(Subject, samples: 20, Seed).Select(ov => TokenCopying.Measure(Subject, ov, 1000, Seed).Share).Order().ToList();
        var high = baseline[(int)Math.Ceiling(0.95 * baseline.Count) - 1];
        return Verdict(copying.Share >= MinShare && copying.Share > high,
            () => $"{copying.Copied} of {copying.Tokens} tokens ({F(copying.Share)}) map to themselves (random matrices of the same shapes: 95th percentile {F(high)})",
            () => [$"copied, for example: {(copying.Examples.Count == 0 ? "none" : string.Join(", ", copying.Examples))}"], null, copying);
    }
}
