using CircuitSpec.Models.Planted;
using CircuitSpec.Models.Transformers;
using static CircuitSpec.Models.Planted.PlantedTransformer;

namespace CircuitSpec.GroundTruth;

/// <summary>
/// A claim true of the planted transformer by construction, with its false variants (each must fail) and the broken
/// copies of the model on which the unchanged claim must fail.
/// </summary>
public sealed class TransformerGroundTruth(string sentence, Action<SentenceTransformer> check)
{
    private readonly List<(string Kind, string Sentence, Action<SentenceTransformer> Check)> _mutants = [];
    private readonly List<TransformerBreak> _breaks = [];

    public string Sentence { get; } = sentence;
    public Action<SentenceTransformer> Check { get; } = check;
    public IReadOnlyList<(string Kind, string Sentence, Action<SentenceTransformer> Check)> Mutants => _mutants;
    public IReadOnlyList<TransformerBreak> BrokenBy => _breaks;

    public TransformerGroundTruth Mutant(string kind, string sentence, Action<SentenceTransformer> check)
    {
        _mutants.Add((kind, sentence, check));
        return this;
    }

    public TransformerGroundTruth Breaks(params TransformerBreak[] breaks)
    {
        _breaks.AddRange(breaks);
        return this;
    }

    public override string ToString() => Sentence;
}

/// <summary>The planted transformer's true claims, in the words of its heads' design, and what each must not survive.</summary>
public static class PlantedTransformerClaims
{
    /// <summary>Repeated random words: [CLS] w₁ … w₁₀ w₁ … w₁₀ [SEP], 16 sequences (seed 0).</summary>
    public static TextStimulusSet Repeated(SentenceTransformer model) => TextStimuli.RepeatedRandomTokens(model.Tokenizer, length: 10, count: 16, seed: 0);

    /// <summary>Short texts with two '.' markers among words: '{A} {B} . {C} {A} {D} . {B}'.</summary>
    public static TextStimulusSet Sentences(SentenceTransformer model) =>
        TextStimuli.Template(model.Tokenizer, "{A} {B} . {C} {A} {D} . {B}", new Dictionary<string, IReadOnlyList<string>>
        {
            ["A"] = ["apple", "river", "stone", "cloud"], ["B"] = ["tiger", "lamp", "piano"], ["C"] = ["garden", "violin"], ["D"] = ["orange", "window"],
        }, limit: 24);

    /// <summary>The heads <paramref name="heads"/> (layer, head) as a circuit for the induction head's induction score.</summary>
    public static HeadCircuit InductionCircuit(SentenceTransformer model, params (int Layer, int Head)[] heads) =>
        new("induction", heads.Select(h => model.Head(h.Layer, h.Head)).ToList(), HeadMetric.AttentionOf(model.Head(1, Induction), new RepeatTarget(Induction: true)));

    /// <summary>The heads as a circuit for the sentence embedding.</summary>
    public static HeadCircuit EmbeddingCircuit(SentenceTransformer model, params (int Layer, int Head)[] heads) =>
        new("embedding", heads.Select(h => model.Head(h.Layer, h.Head)).ToList(), HeadMetric.EmbeddingSimilarity());

    public static IReadOnlyList<TransformerGroundTruth> All()
    {
        var previous = new RelativePosition(-1);
        var induction = new RepeatTarget(Induction: true);
        return
        [
            new TransformerGroundTruth("blocks.0.attn:0 attends to the previous token",
                    m => m.Head(0, PreviousToken).Should().AttendTo(previous, on: Repeated(m), atLeast: 0.9))
                .Mutant("wrong head", "blocks.0.attn:1 attends to the previous token", m => m.Head(0, DuplicateToken).Should().AttendTo(previous, on: Repeated(m), atLeast: 0.9))
                .Mutant("wrong layer", "blocks.1.attn:0 attends to the previous token", m => m.Head(1, Induction).Should().AttendTo(previous, on: Repeated(m), atLeast: 0.9))
                .Mutant("wrong relative position", "blocks.0.attn:0 attends to the next token",
                    m => m.Head(0, PreviousToken).Should().AttendTo(new RelativePosition(+1), on: Repeated(m), atLeast: 0.9))
                .Mutant("wrong relative position", "blocks.0.attn:0 attends to the token two back",
                    m => m.Head(0, PreviousToken).Should().AttendTo(new RelativePosition(-2), on: Repeated(m), atLeast: 0.9))
                .Breaks(TransformerBreak.QKZeroed(0, PreviousToken), TransformerBreak.HeadsPermuted(0), TransformerBreak.PositionsShuffled()),

            new TransformerGroundTruth("blocks.0.attn:1 is a duplicate-token head",
                    m => m.Head(0, DuplicateToken).Should().BeADuplicateTokenHead(on: Repeated(m), minScore: 0.7))
                .Mutant("wrong head", "blocks.0.attn:0 is a duplicate-token head", m => m.Head(0, PreviousToken).Should().BeADuplicateTokenHead(on: Repeated(m), minScore: 0.7))
                .Mutant("induction claimed of another head", "blocks.0.attn:1 is an induction head", m => m.Head(0, DuplicateToken).Should().BeAnInductionHead(on: Repeated(m), minScore: 0.7))
                .Breaks(TransformerBreak.QKZeroed(0, DuplicateToken), TransformerBreak.HeadsPermuted(0)),

            new TransformerGroundTruth("blocks.0.attn:2 attends to '.'",
                    m => m.Head(0, Marker).Should().AttendToToken(MarkerToken, on: Sentences(m), atLeast: 0.8))
                .Mutant("wrong token", "blocks.0.attn:2 attends to '[SEP]'", m => m.Head(0, Marker).Should().AttendToToken("[SEP]", on: Sentences(m), atLeast: 0.8))
                .Mutant("wrong head", "blocks.0.attn:3 attends to '.'", m => m.Head(0, Idle).Should().AttendToToken(MarkerToken, on: Sentences(m), atLeast: 0.8))
                .Mutant("wrong layer", "blocks.1.attn:2 attends to '.'", m => m.Head(1, Marker).Should().AttendToToken(MarkerToken, on: Sentences(m), atLeast: 0.8))
                .Breaks(TransformerBreak.QKZeroed(0, Marker), TransformerBreak.HeadsPermuted(0)),

            new TransformerGroundTruth("blocks.0.attn:3 attends broadly (entropy at least 2 nats)",
                    m => m.Head(0, Idle).Should().AttendBroadly(on: Sentences(m), minEntropy: 2.0))
                .Mutant("wrong head", "blocks.0.attn:0 attends broadly", m => m.Head(0, PreviousToken).Should().AttendBroadly(on: Sentences(m), minEntropy: 2.0))
                .Mutant("wrong head", "blocks.0.attn:2 attends broadly", m => m.Head(0, Marker).Should().AttendBroadly(on: Sentences(m), minEntropy: 2.0))
                .Breaks(TransformerBreak.HeadsPermuted(0)),

            new TransformerGroundTruth("blocks.1.attn:0 is an induction head",
                    m => m.Head(1, Induction).Should().BeAnInductionHead(on: Repeated(m), minScore: 0.7))
                .Mutant("induction claimed of another head", "blocks.0.attn:0 (the previous-token head) is an induction head",
                    m => m.Head(0, PreviousToken).Should().BeAnInductionHead(on: Repeated(m), minScore: 0.7))
                .Mutant("wrong head", "blocks.1.attn:1 is an induction head", m => m.Head(1, 1).Should().BeAnInductionHead(on: Repeated(m), minScore: 0.7))
                .Mutant("induction claimed of another head", "blocks.1.attn:0 is a duplicate-token head",
                    m => m.Head(1, Induction).Should().BeADuplicateTokenHead(on: Repeated(m), minScore: 0.7))
                .Breaks(TransformerBreak.QKZeroed(1, Induction), TransformerBreak.QKZeroed(0, PreviousToken), TransformerBreak.OVZeroed(0, PreviousToken),
                    TransformerBreak.OVNegated(0, PreviousToken), TransformerBreak.HeadsPermuted(1), TransformerBreak.PositionsShuffled()),

            new TransformerGroundTruth("blocks.1.attn:0 K-composes with blocks.0.attn:0",
                    m => m.Head(1, Induction).Should().ComposeWith(m.Head(0, PreviousToken), via: CompositionKind.K, minScore: 0.1))
                .Mutant("composition through the wrong matrix", "blocks.1.attn:0 Q-composes with blocks.0.attn:0",
                    m => m.Head(1, Induction).Should().ComposeWith(m.Head(0, PreviousToken), via: CompositionKind.Q, minScore: 0.1))
                .Mutant("composition through the wrong matrix", "blocks.1.attn:0 V-composes with blocks.0.attn:0",
                    m => m.Head(1, Induction).Should().ComposeWith(m.Head(0, PreviousToken), via: CompositionKind.V, minScore: 0.1))
                .Mutant("wrong head", "blocks.1.attn:0 K-composes with blocks.0.attn:1",
                    m => m.Head(1, Induction).Should().ComposeWith(m.Head(0, DuplicateToken), via: CompositionKind.K, minScore: 0.1))
                .Breaks(TransformerBreak.QKZeroed(1, Induction), TransformerBreak.OVZeroed(0, PreviousToken), TransformerBreak.HeadsPermuted(1)),

            new TransformerGroundTruth("the OV circuit of blocks.1.attn:0 copies tokens",
                    m => m.Head(1, Induction).Should().CopyTokens(minShare: 0.9))
                .Mutant("wrong head", "the OV circuit of blocks.0.attn:0 copies tokens", m => m.Head(0, PreviousToken).Should().CopyTokens(minShare: 0.9))
                .Mutant("wrong head", "the OV circuit of blocks.1.attn:1 copies tokens", m => m.Head(1, 1).Should().CopyTokens(minShare: 0.9))
                .Breaks(TransformerBreak.HeadsPermuted(1), TransformerBreak.OVNegated(1, Induction)),

            new TransformerGroundTruth("zeroing blocks.0.attn:0 takes away blocks.1.attn:0's induction",
                    m => m.Head(0, PreviousToken).Ablated().Should().ReduceAttentionOf(m.Head(1, Induction), to: induction, on: Repeated(m), byAtLeast: 0.5))
                .Mutant("wrong head", "zeroing blocks.0.attn:3 takes away blocks.1.attn:0's induction",
                    m => m.Head(0, Idle).Ablated().Should().ReduceAttentionOf(m.Head(1, Induction), to: induction, on: Repeated(m), byAtLeast: 0.5))
                .Mutant("wrong head", "zeroing blocks.0.attn:1 takes away blocks.1.attn:0's induction",
                    m => m.Head(0, DuplicateToken).Ablated().Should().ReduceAttentionOf(m.Head(1, Induction), to: induction, on: Repeated(m), byAtLeast: 0.5))
                .Mutant("wrong later head", "zeroing blocks.0.attn:0 takes away blocks.1.attn:1's induction",
                    m => m.Head(0, PreviousToken).Ablated().Should().ReduceAttentionOf(m.Head(1, 1), to: induction, on: Repeated(m), byAtLeast: 0.5))
                .Breaks(TransformerBreak.OVZeroed(0, PreviousToken), TransformerBreak.OVNegated(0, PreviousToken), TransformerBreak.QKZeroed(1, Induction)),

            new TransformerGroundTruth("the previous-token head alone carries the induction head's induction (faithful)",
                    m => InductionCircuit(m, (0, PreviousToken)).Should().BeFaithful(on: Repeated(m), minRecovered: 0.8))
                .Mutant("wrong head", "the duplicate-token head alone carries the induction", m => InductionCircuit(m, (0, DuplicateToken)).Should().BeFaithful(on: Repeated(m)))
                .Mutant("wrong head", "the idle head alone carries the induction", m => InductionCircuit(m, (0, Idle)).Should().BeFaithful(on: Repeated(m)))
                // Not broken by zeroing its QK: the little induction left then still runs through it (faithfulness is relative).
                .Breaks(TransformerBreak.HeadsPermuted(0)),

            new TransformerGroundTruth("without the previous-token head, none of the induction is left (complete)",
                    m => InductionCircuit(m, (0, PreviousToken)).Should().BeComplete(on: Repeated(m), maxLeft: 0.2))
                .Mutant("wrong head", "without the marker head, none of the induction is left", m => InductionCircuit(m, (0, Marker)).Should().BeComplete(on: Repeated(m)))
                .Breaks(TransformerBreak.HeadsPermuted(0)),

            new TransformerGroundTruth("the previous-token head is a minimal circuit for the induction",
                    m => InductionCircuit(m, (0, PreviousToken)).Should().BeMinimal(on: Repeated(m)))
                .Mutant("redundant head claimed needed", "the previous-token and idle heads are a minimal circuit for the induction",
                    m => InductionCircuit(m, (0, PreviousToken), (0, Idle)).Should().BeMinimal(on: Repeated(m))),

            new TransformerGroundTruth("the previous-token and induction heads carry the sentence embedding (faithful)",
                    m => EmbeddingCircuit(m, (0, PreviousToken), (1, Induction)).Should().BeFaithful(on: Repeated(m), minRecovered: 0.9))
                .Mutant("wrong head", "the duplicate-token and marker heads carry the sentence embedding",
                    m => EmbeddingCircuit(m, (0, DuplicateToken), (0, Marker)).Should().BeFaithful(on: Repeated(m), minRecovered: 0.9))
                .Mutant("wrong layer", "the previous-token head and blocks.1.attn:1 carry the sentence embedding",
                    m => EmbeddingCircuit(m, (0, PreviousToken), (1, 1)).Should().BeFaithful(on: Repeated(m), minRecovered: 0.9))
                .Breaks(TransformerBreak.HeadsPermuted(1)),
        ];
    }
}
