using CircuitSpec.Claims;
using CircuitSpec.Errors;
using CircuitSpec.GroundTruth;
using CircuitSpec.Models.Planted;
using CircuitSpec.Models.Transformers;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using Xunit.Sdk;
using static CircuitSpec.Models.Planted.PlantedTransformer;

namespace CircuitSpec.Tests.Transformers;

/// <summary>
/// The planted transformer loads from files like a user's encoder, its heads do what they were set to do, and the
/// verifier keeps its true claims and catches the false ones and the broken copies.
/// </summary>
public sealed class PlantedTransformerTests(ITestOutputHelper output)
{
    [Fact]
    public void It_loads_from_an_onnx_file_and_a_vocab_and_its_heads_attend_as_planted()
    {
        var folder = Directory.CreateTempSubdirectory("circuitspec-planted-transformer").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "model.onnx"), Onnx());
            File.WriteAllText(Path.Combine(folder, "vocab.txt"), Vocabulary);
            using var model = SentenceTransformer.Load(Path.Combine(folder, "model.onnx"), Path.Combine(folder, "vocab.txt"), Pooling.Mean);
            (model.Blocks, model.Heads, model.Name).Should().Be((2, 4, "model"));
            model.Tokenize("apple river .").Tokens[0].Should().Equal("[CLS]", "apple", "river", ".", "[SEP]");

            var repeated = PlantedTransformerClaims.Repeated(model);
            Best(model, repeated, new RelativePosition(-1)).Should().Be((0, PreviousToken));
            Best(model, repeated, new RepeatTarget(Induction: false)).Should().Be((0, DuplicateToken));
            Best(model, repeated, new RepeatTarget(Induction: true)).Should().Be((1, Induction));
            Best(model, PlantedTransformerClaims.Sentences(model), new TokenTarget(MarkerToken)).Should().Be((0, Marker));
            HeadScoreTable.Measure(model, repeated, new RepeatTarget(Induction: true)).Mean(1, Induction).Should().BeGreaterThan(0.8);

            // The CLI's inspect and probe take the folder as they take a zoo name.
            ModelZoo.IsTransformer(folder).Should().BeTrue();
            using var byFolder = ModelZoo.Transformer(folder);
            byFolder.Name.Should().Be(Path.GetFileName(folder));
            ModelZoo.IsTransformer(Path.GetTempPath()).Should().BeFalse("a folder without a vocab.txt and one .onnx file is not a transformer");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var missing = () => SentenceTransformer.Load("/nonexistent/model.onnx", "/nonexistent/vocab.txt", Pooling.Mean);
        missing.Should().Throw<ModelLoadException>().WithMessage("*/nonexistent/model.onnx*no such file*");
    }

    [Fact]
    public void The_verifier_keeps_true_head_claims_and_catches_false_ones_and_broken_copies()
    {
        var suite = MutationSuite.Run(PlantedTransformerClaims.All(), new InlineProgress<string>(output.WriteLine), TestContext.Current.CancellationToken);
        var table = suite.Table();
        output.WriteLine(table);
        AtomicFile.WriteText(RepositoryRoot.Artifacts(Path.Combine("ground-truth", "transformer-mutation-suite.md")), suite.Markdown("Mutation suite on the planted transformer"));

        suite.Cases.Select(c => c.Kind).Distinct().Should().Contain(["wrong head", "wrong layer", "wrong relative position", "composition through the wrong matrix",
            "induction claimed of another head", "model: QK zeroed", "model: heads permuted", "model: positions shuffled", "model: OV zeroed", "model: OV sign flipped"]);
        suite.Cases.Should().NotContain(c => c.Result == CaseResult.Crashed, "a false claim must fail with a verdict or a typed error, never a crash");
        suite.Sensitivity.Should().Be(1, "true claims must hold; misses:\n{0}", suite.DescribeMisses());
        suite.Specificity.Should().Be(1, "false claims and broken models must fail; misses:\n{0}", suite.DescribeMisses());
        suite.StrictSpecificity.Should().BeGreaterThanOrEqualTo(0.95, "a false claim gets a 'fails' verdict:\n{0}", table);
    }

    [Fact]
    public void A_head_is_matched_to_its_analogue_in_a_copy_whose_heads_are_permuted()
    {
        using var model = Build();
        using var permuted = Build(TransformerBreak.HeadsPermuted(0));
        var repeated = PlantedTransformerClaims.Repeated(model);
        // Head h of the permuted copy holds head h − 1's weights: the previous-token head is now head 1.
        model.Head(0, PreviousToken).Should().HaveAnalogueIn(permuted, on: repeated, minCorrelation: 0.95)
            .Which.Finding.Should().StartWith("blocks.0.attn:1 correlates at 1");
        model.Head(0, PreviousToken).Should().HaveAnalogueIn(permuted, on: repeated, minCorrelation: 0.95, which: permuted.Head(0, 1));
        var wrong = () => model.Head(0, PreviousToken).Should().HaveAnalogueIn(permuted, on: repeated, minCorrelation: 0.95, which: permuted.Head(0, 2));
        wrong.Should().Throw<XunitException>().WithMessage("*below the best match blocks.0.attn:1*");
    }

    [Fact]
    public void Patching_the_previous_token_head_from_shifted_text_moves_the_induction_heads_attention()
    {
        using var model = Build();
        var repeated = PlantedTransformerClaims.Repeated(model);
        // The same random words, not repeated: the previous-token head then writes tokens that never recur.
        var unrepeated = TextStimuli.RepeatedRandomTokens(model.Tokenizer, length: 10, count: 16, seed: 99);
        model.Head(0, PreviousToken).PatchedWith(unrepeated).Should()
            .ReduceAttentionOf(model.Head(1, Induction), to: new RepeatTarget(Induction: true), on: repeated, byAtLeast: 0.5)
            .Which.Outcome.Should().Be(Outcome.Holds);
        var shorter = TextStimuli.RepeatedRandomTokens(model.Tokenizer, length: 5, count: 16, seed: 1);
        var mismatch = () => model.Head(0, PreviousToken).PatchedWith(shorter).Should()
            .ReduceAttentionOf(model.Head(1, Induction), to: new RepeatTarget(Induction: true), on: repeated);
        mismatch.Should().Throw<CircuitSpecException>().WithMessage("*16 texts of 22 tokens*16 of 12*");
        var backwards = () => model.Head(1, Induction).Ablated().Should().ReduceAttentionOf(model.Head(0, PreviousToken), to: new RelativePosition(-1), on: repeated);
        backwards.Should().Throw<CircuitSpecException>().WithMessage("*not in a block after*");
    }

    [Fact]
    public void Head_circuits_report_their_recovery_and_refuse_heads_that_cannot_matter()
    {
        using var model = Build();
        var repeated = PlantedTransformerClaims.Repeated(model);
        var verdict = PlantedTransformerClaims.InductionCircuit(model, (0, PreviousToken)).Should().BeFaithful(on: repeated).Which;
        verdict.Finding.Should().MatchRegex(@"it recovers 1(\.0+)? \(zero, 95 % CI .*random .*\), 1(\.0+)? \(mean");
        var wrong = () => PlantedTransformerClaims.InductionCircuit(model, (0, Idle)).Should().BeFaithful(on: repeated);
        wrong.Should().Throw<XunitException>().WithMessage("*it recovers 0*");

        var later = () => PlantedTransformerClaims.InductionCircuit(model, (1, 2)).Should().BeFaithful(on: repeated);
        later.Should().Throw<CircuitSpecException>().WithMessage("blocks.1.attn:2 cannot change blocks.1.attn:0's attention*blocks 0..0*");
        using var silent = Build(TransformerBreak.OVZeroed(0, PreviousToken));
        PlantedTransformerClaims.InductionCircuit(silent, (0, PreviousToken)).Invoking(c => c.Should().BeFaithful(on: repeated))
            .Should().Throw<XunitException>().WithMessage("*inconclusive*no effect to explain*");
    }

    private static (int Layer, int Head) Best(SentenceTransformer model, TextStimulusSet stimuli, AttentionTarget target)
    {
        var best = HeadScoreTable.Measure(model, stimuli, target).Ranked()[0];
        return (best.Layer, best.Head);
    }
}
