using CircuitSpec.Claims;
using CircuitSpec.Models.Planted;
using CircuitSpec.Models.Transformers;
using static CircuitSpec.Models.Planted.PlantedTransformer;

namespace CircuitSpec.GroundTruth;

/// <summary>Claims true of the planted transformer by construction (see <see cref="PlantedTruth{TModel,TBreak}"/>).</summary>
public static class TransformerGroundTruth
{
    /// <summary>A true claim: <paramref name="claim"/> makes its record for a copy of the model.</summary>
    public static PlantedTruth<SentenceTransformer, TransformerBreak, T> Of<T>(string sentence, Func<SentenceTransformer, T> claim) where T : ClaimRecord =>
        new(sentence, claim);
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

    public static IReadOnlyList<PlantedTruth<SentenceTransformer, TransformerBreak>> All()
    {
        var previous = new RelativePosition(-1);
        var induction = new RepeatTarget(Induction: true);
        return
        [
            TransformerGroundTruth.Of("blocks.0.attn:0 attends to the previous token", m => new Attends(m.Head(0, PreviousToken), previous, Repeated(m), AtLeast: 0.9))
                .Mutant("wrong head", (c, m) => c with { Subject = m.Head(0, DuplicateToken) })
                .Mutant("wrong layer", (c, m) => c with { Subject = m.Head(1, Induction) })
                .Mutant("wrong relative position", c => c with { Target = new RelativePosition(+1) })
                .Mutant("wrong relative position", c => c with { Target = new RelativePosition(-2) })
                .Breaks(TransformerBreak.QKZeroed(0, PreviousToken), TransformerBreak.HeadsPermuted(0), TransformerBreak.PositionsShuffled()),

            TransformerGroundTruth.Of("blocks.0.attn:1 is a duplicate-token head",
                    m => new Attends(m.Head(0, DuplicateToken), new RepeatTarget(Induction: false), Repeated(m), AtLeast: 0.7))
                .Mutant("wrong head", (c, m) => c with { Subject = m.Head(0, PreviousToken) })
                .Mutant("induction claimed of another head", c => c with { Target = induction })
                .Breaks(TransformerBreak.QKZeroed(0, DuplicateToken), TransformerBreak.HeadsPermuted(0)),

            TransformerGroundTruth.Of("blocks.0.attn:2 attends to '.'", m => new Attends(m.Head(0, Marker), new TokenTarget(MarkerToken), Sentences(m), AtLeast: 0.8))
                .Mutant("wrong token", c => c with { Target = new TokenTarget("[SEP]") })
                .Mutant("wrong head", (c, m) => c with { Subject = m.Head(0, Idle) })
                .Mutant("wrong layer", (c, m) => c with { Subject = m.Head(1, Marker) })
                .Breaks(TransformerBreak.QKZeroed(0, Marker), TransformerBreak.HeadsPermuted(0)),

            TransformerGroundTruth.Of("blocks.0.attn:3 attends broadly (entropy at least 2 nats)", m => new AttendsBroadly(m.Head(0, Idle), Sentences(m), MinEntropy: 2.0))
                .Mutant("wrong head", (c, m) => c with { Subject = m.Head(0, PreviousToken) })
                .Mutant("wrong head", (c, m) => c with { Subject = m.Head(0, Marker) })
                .Breaks(TransformerBreak.HeadsPermuted(0)),

            TransformerGroundTruth.Of("blocks.1.attn:0 is an induction head", m => new Attends(m.Head(1, Induction), induction, Repeated(m), AtLeast: 0.7))
                // blocks.0.attn:0 is the previous-token head.
                .Mutant("induction claimed of another head", (c, m) => c with { Subject = m.Head(0, PreviousToken) })
                .Mutant("wrong head", (c, m) => c with { Subject = m.Head(1, 1) })
                .Mutant("induction claimed of another head", c => c with { Target = new RepeatTarget(Induction: false) })
                .Breaks(TransformerBreak.QKZeroed(1, Induction), TransformerBreak.QKZeroed(0, PreviousToken), TransformerBreak.OVZeroed(0, PreviousToken),
                    TransformerBreak.OVNegated(0, PreviousToken), TransformerBreak.HeadsPermuted(1), TransformerBreak.PositionsShuffled()),

            TransformerGroundTruth.Of("blocks.1.attn:0 K-composes with blocks.0.attn:0",
                    m => new ComposesWith(m.Head(1, Induction), m.Head(0, PreviousToken), CompositionKind.K, MinScore: 0.1))
                .Mutant("composition through the wrong matrix", c => c with { Via = CompositionKind.Q })
                .Mutant("composition through the wrong matrix", c => c with { Via = CompositionKind.V })
                .Mutant("wrong head", (c, m) => c with { Earlier = m.Head(0, DuplicateToken) })
                .Breaks(TransformerBreak.QKZeroed(1, Induction), TransformerBreak.OVZeroed(0, PreviousToken), TransformerBreak.HeadsPermuted(1)),

            TransformerGroundTruth.Of("the OV circuit of blocks.1.attn:0 copies tokens", m => new CopiesTokens(m.Head(1, Induction), MinShare: 0.9))
                .Mutant("wrong head", (c, m) => c with { Subject = m.Head(0, PreviousToken) })
                .Mutant("wrong head", (c, m) => c with { Subject = m.Head(1, 1) })
                .Breaks(TransformerBreak.HeadsPermuted(1), TransformerBreak.OVNegated(1, Induction)),

            TransformerGroundTruth.Of("zeroing blocks.0.attn:0 takes away blocks.1.attn:0's induction",
                    m => new ReducesAttention(m.Head(0, PreviousToken).Ablated(), m.Head(1, Induction), induction, Repeated(m), ByAtLeast: 0.5))
                .Mutant("wrong head", (c, m) => c with { Change = c.Change.On(m.Head(0, Idle)) })
                .Mutant("wrong head", (c, m) => c with { Change = c.Change.On(m.Head(0, DuplicateToken)) })
                .Mutant("wrong later head", (c, m) => c with { Later = m.Head(1, 1) })
                .Breaks(TransformerBreak.OVZeroed(0, PreviousToken), TransformerBreak.OVNegated(0, PreviousToken), TransformerBreak.QKZeroed(1, Induction)),

            TransformerGroundTruth.Of("the previous-token head alone carries the induction head's induction (faithful)",
                    m => new HeadCircuitFaithful(InductionCircuit(m, (0, PreviousToken)), Repeated(m), MinRecovered: 0.8))
                .Mutant("wrong head", (c, m) => c with { Subject = InductionCircuit(m, (0, DuplicateToken)) })
                .Mutant("wrong head", (c, m) => c with { Subject = InductionCircuit(m, (0, Idle)) })
                // Not broken by zeroing its QK: the little induction left then still runs through it (faithfulness is relative).
                .Breaks(TransformerBreak.HeadsPermuted(0)),

            TransformerGroundTruth.Of("without the previous-token head, none of the induction is left (complete)",
                    m => new HeadCircuitComplete(InductionCircuit(m, (0, PreviousToken)), Repeated(m), MaxLeft: 0.2))
                .Mutant("wrong head", (c, m) => c with { Subject = InductionCircuit(m, (0, Marker)) })
                .Breaks(TransformerBreak.HeadsPermuted(0)),

            TransformerGroundTruth.Of("the previous-token head is a minimal circuit for the induction",
                    m => new HeadCircuitMinimal(InductionCircuit(m, (0, PreviousToken)), Repeated(m)))
                .Mutant("redundant head claimed needed", (c, m) => c with { Subject = InductionCircuit(m, (0, PreviousToken), (0, Idle)) }),

            TransformerGroundTruth.Of("the previous-token and induction heads carry the sentence embedding (faithful)",
                    m => new HeadCircuitFaithful(EmbeddingCircuit(m, (0, PreviousToken), (1, Induction)), Repeated(m), MinRecovered: 0.9))
                .Mutant("wrong head", (c, m) => c with { Subject = EmbeddingCircuit(m, (0, DuplicateToken), (0, Marker)) })
                .Mutant("wrong layer", (c, m) => c with { Subject = EmbeddingCircuit(m, (0, PreviousToken), (1, 1)) })
                .Breaks(TransformerBreak.HeadsPermuted(1)),
        ];
    }
}
