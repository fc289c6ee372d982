using CircuitSpec.Models.Transformers;
using static CircuitSpec.Specs.Transformers.TextSets;

namespace CircuitSpec.Specs.Transformers;

/// <summary>
/// The same published findings on Snowflake's arctic-embed-xs, trained for retrieval from all-MiniLM-L6-v2's weights:
/// which of MiniLM's heads keep their role through that training, matched by their attention patterns, and where the
/// two models differ (coreference, [SEP]).
/// </summary>
[Collection(nameof(TransformerSpecs))]
public sealed class ArcticXsSpecs(TransformerModels models)
{
    private SentenceTransformer Model => models.ArcticXs;
    private AttentionHead Head(int layer, int head) => Model.Head(layer, head);

    [Fact]
    public void Head_0_2_attends_to_the_previous_token() =>
        Head(0, 2).Should().AttendTo(new RelativePosition(-1), on: Sentences(Model), atLeast: 0.9,
            because: "Clark et al. found BERT heads that put almost all their attention on the previous token");

    [Fact]
    public void Head_1_8_attends_to_the_next_token() =>
        Head(1, 8).Should().AttendTo(new RelativePosition(+1), on: Sentences(Model), atLeast: 0.7,
            because: "Clark et al. found BERT heads that put most of their attention on the next token");

    [Fact]
    public void Head_2_7_attends_to_CLS() =>
        Head(2, 7).Should().AttendToToken("[CLS]", on: Sentences(Model), atLeast: 0.8, because: "Clark et al. found attention to [CLS] in BERT's early layers");

    [Fact]
    public void Head_5_9_attends_to_SEP_in_the_last_block() =>
        Head(5, 9).Should().AttendToToken("[SEP]", on: Pairs(Model), atLeast: 0.3,
            because: "arctic-xs's [SEP] heads are in its last block (5.9, 5.4, 5.8), where MiniLM has none: retrieval training moved them");

    [Fact]
    public void Head_3_0_attends_to_periods() =>
        Head(3, 0).Should().AttendToToken(".", on: Sentences(Model), atLeast: 0.25, because: "Clark et al. found heads of BERT's later layers attending to periods");

    [Fact]
    public void Head_2_0_attends_from_direct_objects_to_their_verb() =>
        Head(2, 0).Should().AttendTo(new SlotTarget("OBJ", "VERB"), on: DirectObjects(Model), atLeast: 0.45,
            because: "Clark et al.'s head 8-10 finds a direct object's verb; MiniLM's 2.0 does the same, less strongly");

    [Fact]
    public void Head_4_1_attends_from_pronouns_to_their_antecedent() =>
        Head(4, 1).Should().AttendTo(new SlotTarget("PRON", "NAME"), on: Coreference(Model), atLeast: 0.6,
            because: "Clark et al.'s head 5-4 finds coreferent mentions; arctic-xs has a stronger such head than MiniLM (1.3 at 0.39)");

    [Fact]
    public void Head_2_9_is_a_duplicate_token_head() =>
        Head(2, 9).Should().BeADuplicateTokenHead(on: Repeated(Model), minScore: 0.5);

    [Fact]
    public void The_OV_circuit_of_head_2_1_copies_tokens() =>
        Head(2, 1).Should().CopyTokens(minShare: 0.7);

    [Theory]
    [InlineData(0, 2, "sentences")]
    [InlineData(1, 8, "sentences")]
    [InlineData(2, 9, "repeated")]
    [InlineData(2, 0, "direct objects")]
    public void MiniLMs_head_keeps_its_role_at_the_same_place(int layer, int head, string texts)
    {
        var stimuli = TextSets.Named(texts, models.MiniLM);
        models.MiniLM.Head(layer, head).Should().HaveAnalogueIn(Model, on: stimuli, minCorrelation: 0.7, which: Head(layer, head),
            because: "universality, in its weakest form: a head survives retrieval training where it was");
    }

    [Fact]
    public void MiniLMs_determiner_head_is_matched_by_a_head_two_blocks_lower() =>
        models.MiniLM.Head(3, 1).Should().HaveAnalogueIn(Model, on: Determiners(models.MiniLM), minCorrelation: 0.7, which: Head(1, 7),
            because: "not every head stays where it was: arctic-xs's 3.1 matches MiniLM's 3.1 less well (0.64) than its 1.7 does");

    [Theory]
    [InlineData(4, 1, "coreference")]
    [InlineData(5, 9, "pairs")]
    public Task Portrait(int layer, int head, string texts) => AttentionSnapshots.Match(Head(layer, head), texts);
}
