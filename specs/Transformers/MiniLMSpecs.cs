using CircuitSpec.Circuits;
using CircuitSpec.Models.Transformers;
using CircuitSpec.Snapshots;
using Xunit.Sdk;
using static CircuitSpec.Specs.Transformers.TextSets;

namespace CircuitSpec.Specs.Transformers;

/// <summary>
/// Clark et al. (2019), "What Does BERT Look At?", re-checked on all-MiniLM-L6-v2 (6 blocks × 12 heads, distilled from
/// a BERT-family teacher): each published finding on BERT-base, with the MiniLM heads found for it by the probe tools
/// (HeadScoreTable over every head). Where the published claim does not hold here, the spec states what does.
/// </summary>
[Collection(nameof(TransformerSpecs))]
public sealed class MiniLMSpecs(TransformerModels models)
{
    private SentenceTransformer Model => models.MiniLM;
    private AttentionHead Head(int layer, int head) => Model.Head(layer, head);

    // ---- positional heads: "heads that attend almost entirely to the previous or the next token" ----

    [Fact]
    public void Head_0_2_attends_to_the_previous_token() =>
        Head(0, 2).Should().AttendTo(new RelativePosition(-1), on: Sentences(Model), atLeast: 0.9,
            because: "Clark et al. found BERT heads that put almost all their attention on the previous token");

    [Fact]
    public void Head_1_8_attends_to_the_next_token() =>
        Head(1, 8).Should().AttendTo(new RelativePosition(+1), on: Sentences(Model), atLeast: 0.6,
            because: "Clark et al. found BERT heads that put most of their attention on the next token");

    [Fact]
    public void Head_2_11_leans_on_the_previous_token() =>
        Head(2, 11).Should().AttendTo(new RelativePosition(-1), on: Sentences(Model), atLeast: 0.3,
            because: "a second, weaker previous-token head, two blocks above the first");

    // ---- broad attention: "heads in the lowest layers attend broadly" ----

    [Fact]
    public void Head_0_3_attends_broadly() =>
        Head(0, 3).Should().AttendBroadly(on: Sentences(Model), minEntropy: 2.4,
            because: "Clark et al. found the highest-entropy heads in BERT's lowest layers");

    [Fact]
    public void Head_0_7_attends_broadly() =>
        Head(0, 7).Should().AttendBroadly(on: Sentences(Model), minEntropy: 2.4, because: "another block-0 head spreads its attention over the sentence");

    [Fact]
    public void The_six_broadest_heads_are_all_in_the_lowest_block()
    {
        var broadest = HeadScoreTable.Measure(Model, Sentences(Model), new Spread()).Ranked().Take(6).ToList();
        broadest.Should().OnlyContain(h => h.Layer == 0, "broad attention lives in the lowest layer, as Clark et al. found in BERT; the six: {0}",
            string.Join(", ", broadest.Select(h => $"{h.Layer}.{h.Head} {h.Score:F2}")));
    }

    // ---- special tokens: "[CLS] early, [SEP] in the middle layers, periods and commas late" ----

    [Fact]
    public void Head_1_11_attends_to_CLS() =>
        Head(1, 11).Should().AttendToToken("[CLS]", on: Sentences(Model), atLeast: 0.7, because: "Clark et al. found attention to [CLS] in BERT's early layers");

    [Fact]
    public void Head_2_7_attends_to_CLS() =>
        Head(2, 7).Should().AttendToToken("[CLS]", on: Sentences(Model), atLeast: 0.7, because: "Clark et al. found attention to [CLS] in BERT's early layers");

    [Fact]
    public void Head_4_5_attends_to_CLS_most_of_all_heads() =>
        Head(4, 5).Should().AttendToToken("[CLS]", on: Sentences(Model), atLeast: 0.8)
            .Which.Finding.Should().Contain("rank 1 of 72", "in MiniLM the strongest [CLS] head is in block 4 of 6, later than Clark et al.'s early [CLS] heads");

    [Fact]
    public void Head_0_5_attends_to_SEP_more_than_any_head_of_the_middle_blocks()
    {
        Head(0, 5).Should().AttendToToken("[SEP]", on: Pairs(Model), atLeast: 0.3);
        var middle = HeadScoreTable.Measure(Model, Pairs(Model), new TokenTarget("[SEP]")).Ranked().Where(h => h.Layer is >= 2 and <= 4).ToList();
        middle.Max(h => h.Score).Should().BeLessThan(0.25,
            "Clark et al.'s [SEP] heads of BERT's middle layers (over half their attention) have no counterpart here: in MiniLM the [SEP] heads are in block 0");
    }

    [Fact]
    public void Head_3_11_attends_to_periods() =>
        Head(3, 11).Should().AttendToToken(".", on: Sentences(Model), atLeast: 0.35, because: "Clark et al. found heads of BERT's later layers attending to periods");

    // ---- syntax: "heads attend to syntactic relations" (measured there on parsed text; here the templates' syntax is built in) ----

    [Fact]
    public void Head_3_1_attends_from_determiners_to_their_noun() =>
        Head(3, 1).Should().AttendTo(new SlotTarget("DET", "NOUN"), on: Determiners(Model), atLeast: 0.6,
            because: "Clark et al.'s head 8-11 finds a determiner's noun; here the noun is two tokens on, past an adjective");

    [Fact]
    public void Head_3_1_finds_the_noun_not_merely_the_token_two_ahead()
    {
        var twoAhead = HeadScoreTable.Measure(Model, Determiners(Model), new RelativePosition(+2)).Mean(3, 1);
        twoAhead.Should().BeLessThan(0.25, "from words other than the determiner, 3.1 does not look two tokens ahead");
    }

    [Fact]
    public void Head_2_0_attends_from_direct_objects_to_their_verb() =>
        Head(2, 0).Should().AttendTo(new SlotTarget("OBJ", "VERB"), on: DirectObjects(Model), atLeast: 0.35,
            because: "Clark et al.'s head 8-10 finds a direct object's verb");

    [Fact]
    public void Head_5_9_attends_from_prepositional_objects_to_their_preposition() =>
        Head(5, 9).Should().AttendTo(new SlotTarget("POBJ", "PREP"), on: PrepositionObjects(Model), atLeast: 0.25,
            because: "Clark et al.'s head 9-6 finds an object's preposition");

    [Fact]
    public void Head_1_8_attends_from_possessives_to_their_noun() =>
        Head(1, 8).Should().AttendTo(new SlotTarget("POSS", "NOUN"), on: Possessives(Model), atLeast: 0.6,
            because: "Clark et al.'s head 7-6 finds a possessive's noun; here the noun is the next token and the next-token head finds it");

    [Fact]
    public void Head_1_8_attends_from_passive_auxiliaries_to_their_verb() =>
        Head(1, 8).Should().AttendTo(new SlotTarget("AUX", "VERB"), on: PassiveAuxiliaries(Model), atLeast: 0.35,
            because: "Clark et al.'s head 4-10 finds a passive auxiliary's verb");

    [Fact]
    public void Head_1_8_attends_from_subjects_to_their_verb() =>
        Head(1, 8).Should().AttendTo(new SlotTarget("SUBJ", "VERB"), on: Subjects(Model), atLeast: 0.5,
            because: "a subject right before its verb: again the next-token head");

    [Fact]
    public void Head_1_3_attends_from_pronouns_to_their_antecedent() =>
        Head(1, 3).Should().AttendTo(new SlotTarget("PRON", "NAME"), on: Coreference(Model), atLeast: 0.3,
            because: "Clark et al.'s head 5-4 finds coreferent mentions; MiniLM's best such head is weaker");

    // ---- repeated tokens ----

    [Fact]
    public void Head_2_9_is_a_duplicate_token_head() =>
        Head(2, 9).Should().BeADuplicateTokenHead(on: Repeated(Model), minScore: 0.5);

    [Fact]
    public void Head_1_1_is_a_weaker_duplicate_token_head() =>
        Head(1, 1).Should().BeADuplicateTokenHead(on: Repeated(Model), minScore: 0.3);

    [Fact]
    public void Zeroing_head_1_1_lowers_head_2_9s_attention_to_duplicates() =>
        Head(1, 1).Ablated().Should().ReduceAttentionOf(Head(2, 9), to: new RepeatTarget(Induction: false), on: Repeated(Model), byAtLeast: 0.05,
            because: "the later duplicate-token head reads the earlier one's output");

    [Fact]
    public void Heads_1_1_1_2_and_0_8_carry_head_2_9s_attention_to_duplicates() =>
        DuplicateCircuit().Should().BeFaithful(on: Repeated(Model), minRecovered: 0.8, ablations: [EdgeAblation.Mean],
            because: "with the other 21 heads of blocks 0–1 mean-ablated, the duplicate-token head still finds the earlier copy");

    [Fact]
    public void Each_of_heads_1_1_1_2_and_0_8_is_needed_for_head_2_9s_attention_to_duplicates() =>
        DuplicateCircuit().Should().BeMinimal(on: Repeated(Model), minDrop: 0.05, ablations: [EdgeAblation.Mean]);

    private HeadCircuit DuplicateCircuit() =>
        new("duplicate tokens", [Head(1, 1), Head(1, 2), Head(0, 8)], HeadMetric.AttentionOf(Head(2, 9), new RepeatTarget(Induction: false)));

    [Fact]
    public void No_head_is_an_induction_head()
    {
        var best = HeadScoreTable.Measure(Model, Repeated(Model), new RepeatTarget(Induction: true)).Ranked()[0];
        best.Score.Should().BeLessThan(0.1, "a bidirectional encoder can see the earlier copy itself: the best induction score is {0:F3} ({1}.{2})",
            best.Score, best.Layer, best.Head);
        var strongestRepeatHead = () => Head(2, 9).Should().BeAnInductionHead(on: Repeated(Model), minScore: 0.2);
        strongestRepeatHead.Should().Throw<XunitException>();
    }

    // ---- weights ----

    [Fact]
    public void Head_1_8_K_composes_with_the_previous_token_head() =>
        Head(1, 8).Should().ComposeWith(Head(0, 2), via: CompositionKind.K, minScore: 0.09,
            because: "the next-token head's keys read what the previous-token head writes (Elhage et al. 2021's composition)");

    [Fact]
    public void The_OV_circuit_of_head_5_7_copies_tokens() =>
        Head(5, 7).Should().CopyTokens(minShare: 0.7);

    [Fact]
    public void The_OV_circuit_of_head_2_1_copies_tokens() =>
        Head(2, 1).Should().CopyTokens(minShare: 0.7);

    // ---- the patterns, reviewed as snapshots ----

    [Theory]
    [InlineData(0, 2, "sentences")]
    [InlineData(1, 8, "sentences")]
    [InlineData(0, 3, "sentences")]
    [InlineData(4, 5, "sentences")]
    [InlineData(0, 5, "pairs")]
    [InlineData(3, 11, "sentences")]
    [InlineData(3, 1, "determiners")]
    [InlineData(2, 0, "direct objects")]
    [InlineData(1, 3, "coreference")]
    [InlineData(2, 9, "repeated")]
    public Task Portrait(int layer, int head, string texts) => AttentionSnapshots.Match(Head(layer, head), texts);
}
