using CircuitSpec.Claims;
using CircuitSpec.Errors;
using CircuitSpec.Models.Transformers;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Transformers;

/// <summary>Head claims on MiniLM: true ones hold, false ones fail with the evidence, vacuous ones are refused.</summary>
public sealed class HeadClaimTests
{
    private static readonly string[] Names = ["mary", "john", "alice", "bob", "susan", "peter"];

    private static TextStimulusSet Sentences(SentenceTransformer model) =>
        TextStimuli.Template(model.Tokenizer, "When {A} and {B} went to the store, {B} gave a drink to {A}.",
            new Dictionary<string, IReadOnlyList<string>> { ["A"] = Names, ["B"] = Names }, limit: 30);

    [Fact]
    public void Positional_and_token_heads_hold_their_claims_and_fail_the_wrong_ones()
    {
        using var model = SentenceTransformer.MiniLM();
        var sentences = Sentences(model);
        model.Head(0, 2).Should().AttendTo(new RelativePosition(-1), on: sentences, atLeast: 0.9)
            .Which.Outcome.Should().Be(Outcome.Holds);
        model.Head(1, 8).Should().AttendTo(new RelativePosition(+1), on: sentences, atLeast: 0.5);
        model.Head(3, 11).Should().AttendToToken(".", on: sentences, atLeast: 0.3);

        var wrongDirection = () => model.Head(1, 8).Should().AttendTo(new RelativePosition(-1), on: sentences, atLeast: 0.5);
        wrongDirection.Should().Throw<XunitException>()
            .WithMessage("Expected blocks.1.attn:8 to attend to the previous token (at least 0.5 of its attention)*but it put 0.0*rank*strongest heads: blocks.0.attn:2 1*");
        var wrongHead = () => model.Head(2, 0).Should().AttendTo(new RelativePosition(+1), on: sentences, atLeast: 0.5);
        wrongHead.Should().Throw<XunitException>();
    }

    [Fact]
    public void A_duplicate_token_head_is_found_on_repeated_tokens_and_no_head_is_an_induction_head()
    {
        using var model = SentenceTransformer.MiniLM();
        var repeated = TextStimuli.RepeatedRandomTokens(model.Tokenizer, length: 12, count: 16, seed: 0);
        model.Head(2, 9).Should().BeADuplicateTokenHead(on: repeated, minScore: 0.5);
        var induction = () => model.Head(2, 9).Should().BeAnInductionHead(on: repeated, minScore: 0.2);
        induction.Should().Throw<XunitException>().WithMessage("*induction head*");
        // A bidirectional encoder can look at the earlier copy itself; none of its 72 heads does induction.
        HeadScoreTable.Measure(model, repeated, new RepeatTarget(Induction: true)).Ranked()[0].Score.Should().BeLessThan(0.1);
        var onSentences = () => model.Head(2, 9).Should().BeADuplicateTokenHead(on: Sentences(model));
        onSentences.Should().Throw<CircuitSpecException>().WithMessage("*repeated random-token stimuli*");
    }

    [Fact]
    public void Claims_that_cannot_fail_or_cannot_hold_are_refused()
    {
        using var model = SentenceTransformer.MiniLM();
        var sentences = Sentences(model);
        var vacuous = () => model.Head(0, 0).Should().AttendToToken("[CLS]", on: sentences, atLeast: 0);
        vacuous.Should().Throw<InvalidClaimException>().WithMessage("*vacuous*");
        var impossible = () => model.Head(0, 0).Should().AttendToToken("[CLS]", on: sentences, atLeast: 1.5);
        impossible.Should().Throw<InvalidClaimException>().WithMessage("*never hold*");
    }

    [Fact]
    public void Arctic_xs_has_the_same_previous_token_next_token_and_duplicate_token_heads()
    {
        using var model = SentenceTransformer.ArcticXs();
        var sentences = Sentences(model);
        model.Head(0, 2).Should().AttendTo(new RelativePosition(-1), on: sentences, atLeast: 0.9);
        model.Head(1, 8).Should().AttendTo(new RelativePosition(+1), on: sentences, atLeast: 0.5);
        model.Head(2, 9).Should().BeADuplicateTokenHead(on: TextStimuli.RepeatedRandomTokens(model.Tokenizer, 12, 16, seed: 0), minScore: 0.5);
    }

    [Fact]
    public void The_lowest_layer_attends_broadly_and_the_next_token_head_reads_the_previous_token_head_through_its_keys()
    {
        using var model = SentenceTransformer.MiniLM();
        var sentences = Sentences(model);
        model.Head(0, 3).Should().AttendBroadly(on: sentences, minEntropy: 2.4, because: "Clark et al. 2019 found broad heads in BERT's lowest layers");
        var sharp = () => model.Head(0, 2).Should().AttendBroadly(on: sentences, minEntropy: 1);
        sharp.Should().Throw<XunitException>().WithMessage("*spread its attention with an entropy of 0.00*");

        model.Head(1, 8).Should().ComposeWith(model.Head(0, 2), via: CompositionKind.K, minScore: 0.09)
            .Which.Finding.Should().Contain("random matrices");
        var tooStrong = () => model.Head(1, 8).Should().ComposeWith(model.Head(0, 2), via: CompositionKind.K, minScore: 0.5);
        tooStrong.Should().Throw<XunitException>().WithMessage("*score was 0.10*");
        var backwards = () => model.Head(0, 2).Should().ComposeWith(model.Head(1, 8), via: CompositionKind.K);
        backwards.Should().Throw<CircuitSpecException>().WithMessage("*not in a layer before*");
    }
}
