using CircuitSpec.Claims;
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
        Conclusion.Reach(this, new Attends(Subject, position, on, atLeast, seed), because, becauseArgs);

    /// <summary>At least <paramref name="atLeast"/> of the attention of one template slot's token goes to another slot's (a syntactic relation).</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> AttendTo(SlotTarget relation, TextStimulusSet on, double atLeast = 0.5, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new Attends(Subject, relation, on, atLeast, seed), because, becauseArgs);

    /// <summary>At least <paramref name="atLeast"/> of each query's attention goes to the token (every occurrence).</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> AttendToToken(string token, TextStimulusSet on, double atLeast = 0.5, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new Attends(Subject, new TokenTarget(token), on, atLeast, seed), because, becauseArgs);

    /// <summary>TransformerLens's induction score on repeated random tokens reaches <paramref name="minScore"/>.</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> BeAnInductionHead(TextStimulusSet on, double minScore = 0.4, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new Attends(Subject, new RepeatTarget(Induction: true), on, minScore, seed), because, becauseArgs);

    /// <summary>On repeated random tokens, the second copy's tokens attend to their first occurrence (at least <paramref name="minScore"/>).</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> BeADuplicateTokenHead(TextStimulusSet on, double minScore = 0.4, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new Attends(Subject, new RepeatTarget(Induction: false), on, minScore, seed), because, becauseArgs);

    /// <summary>Each query spreads its attention with an entropy of at least <paramref name="minEntropy"/> nats (Clark et al. 2019's broad heads).</summary>
    public AndWhichConstraint<HeadAssertions, Verdict> AttendBroadly(TextStimulusSet on, double minEntropy = 1.5, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new AttendsBroadly(Subject, on, minEntropy, seed), because, becauseArgs);

    /// <summary>
    /// This head reads what <paramref name="earlier"/> writes through its query, key or value (Elhage et al. 2021's
    /// composition score), at least <paramref name="minScore"/> and above the 95th percentile of the same score
    /// between random Gaussian matrices of the same shapes (seeded).
    /// </summary>
    public AndWhichConstraint<HeadAssertions, Verdict> ComposeWith(AttentionHead earlier, CompositionKind via, double minScore = 0.1, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new ComposesWith(Subject, earlier, via, minScore, seed), because, becauseArgs);

    /// <summary>
    /// The head's OV circuit copies tokens: for at least <paramref name="minShare"/> of up to 1,000 whole-word tokens
    /// (seeded), the token's own embedding scores highest after W_V·W_O, and more often than for random matrices of the
    /// same shapes (95th percentile of 20 seeded draws).
    /// </summary>
    public AndWhichConstraint<HeadAssertions, Verdict> CopyTokens(double minShare = 0.5, int seed = 0, string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new CopiesTokens(Subject, minShare, seed), because, becauseArgs);

    /// <summary>
    /// A head of <paramref name="other"/> (<paramref name="which"/>, when named) attends as this one does on the same
    /// texts: the patterns' correlation is at least <paramref name="minCorrelation"/> and above every shuffled baseline's
    /// 95th percentile.
    /// </summary>
    public AndWhichConstraint<HeadAssertions, Verdict> HaveAnalogueIn(SentenceTransformer other, TextStimulusSet on, double minCorrelation = 0.5,
        AttentionHead? which = null, int seed = 0, string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new HeadAnalogueIn(Subject, other, on, minCorrelation, which, seed), because, becauseArgs);
}
