using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.GroundTruth;
using CircuitSpec.Measurements;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.GroundTruth.PlantedLogic;
using CircuitSpec.Tests.Support;

namespace CircuitSpec.Tests.GroundTruth;

/// <summary>
/// The verifier measured on a second planted model, written as an ONNX file and loaded as a user's model is: other
/// geometry than the first (40×40, pooling, a strided 1×1 convolution, batch norm with negative scales), OR, AND and XOR
/// units, a unit fed from one side of its kernel, a unit silent but for float rounding, and a direction that no single
/// unit carries.
/// </summary>
public sealed class LogicMutationSuiteTests(ITestOutputHelper output)
{
    private static string Folder => RepositoryRoot.Artifacts(Path.Combine("ground-truth", "planted-logic"));

    [Fact]
    public void The_verifier_keeps_true_claims_and_catches_false_ones_on_the_planted_logic_circuit()
    {
        var suite = MutationSuite.Run(LogicClaims.All, mutation => LogicCircuit.Load(Folder, mutation), new InlineProgress<string>(output.WriteLine),
            TestContext.Current.CancellationToken);

        var table = suite.Table();
        output.WriteLine(table);
        AtomicFile.WriteText(RepositoryRoot.Artifacts(Path.Combine("ground-truth", "logic-mutation-suite.md")),
            suite.Markdown("Mutation suite on the planted logic circuit"));

        suite.Cases.Select(c => c.Kind).Distinct().Should().Contain([PlantedClaims.SignFlipped, PlantedClaims.WrongSource, PlantedClaims.WrongLayer,
            PlantedClaims.WrongRegion, PlantedClaims.MovedBy90, LogicClaims.MovedBy180, PlantedClaims.PreferenceReversed, PlantedClaims.EchoClaimed,
            LogicClaims.SilentClaimedTuned, LogicClaims.SilentCounted, LogicClaims.TieClaimed, LogicClaims.DirectionAsNeuron,
            LogicClaims.IrrelevantAblation, "model: weights negated", "model: weights zeroed", "model: sources permuted"]);
        suite.Cases.Should().NotContain(c => c.Result == CaseResult.Crashed, "a false claim must fail with a verdict or a typed error, never a crash");
        suite.Sensitivity.Should().Be(1, "every true claim must hold; misses:\n{0}", suite.DescribeMisses());
        suite.Specificity.Should().Be(1, "every false claim and broken model must fail; misses:\n{0}", suite.DescribeMisses());
        suite.StrictSpecificityWhereDecidable.Should().BeGreaterThanOrEqualTo(0.95, "a decidable false claim gets a 'fails' verdict, not 'inconclusive':\n{0}", table);
    }

    [Fact]
    public void The_silent_unit_answers_with_rounding_residue_that_the_floor_calls_silent()
    {
        using var model = LogicCircuit.Load(Folder);
        var edges = Synthetic.Edges(Synthetic.Angles(15));
        var residue = model.Responses(edges, model.Unit("logic_bn:3"));
        var real = model.Responses(edges, model.Unit("logic_bn:0"));
        output.WriteLine($"residue: {string.Join(" ", residue.Values.Select(v => v.ToString("G2")))}; floor {residue.Floor:G3}");
        residue.Values.Should().Contain(v => v != 0, "float32 leaves a residue where exact arithmetic cancels");
        residue.Silent.Should().BeTrue();
        real.Silent.Should().BeFalse();
    }

    [Fact]
    public void The_model_goes_through_the_onnx_file_and_its_negative_batch_norm_scales()
    {
        using var model = LogicCircuit.Load(Folder);
        File.Exists(Path.Combine(Folder, "planted-logic.onnx")).Should().BeTrue();
        model.Input.Height.Should().Be(LogicCircuit.Size);
        // simple:1's convolution detects edges rising along 225°; only its batch norm's negative scale makes it the 45° unit.
        model.Unit("simple_relu:1").Should().BeTunedTo(Synthetic.Edges(Synthetic.Angles(15)), "orientation", 315, 15, 360);
        model.Unit("simple:1").Should().BeTunedTo(Synthetic.Edges(Synthetic.Angles(15)), "orientation", 135, 15, 360);
    }
}
