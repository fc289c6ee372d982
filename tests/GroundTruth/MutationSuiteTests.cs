using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.GroundTruth;
using CircuitSpec.Models.Planted;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using CircuitSpec.Weights;

namespace CircuitSpec.Tests.GroundTruth;

/// <summary>
/// The verifier measured on ground truth: the planted circuit's true claims must hold, and every claim made false by
/// one mutation — or left true but checked on a model whose circuit was broken — must fail.
/// </summary>
public sealed class MutationSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public void The_verifier_keeps_true_claims_and_catches_false_ones_on_the_planted_circuit()
    {
        var suite = MutationSuite.Run(PlantedClaims.All, new InlineProgress<string>(output.WriteLine), TestContext.Current.CancellationToken);

        var table = suite.Table();
        output.WriteLine(table);
        var path = Path.Combine(RepositoryRoot.Above(AppContext.BaseDirectory) ?? Environment.CurrentDirectory, "artifacts", "ground-truth", "mutation-suite.md");
        AtomicFile.WriteText(path, suite.Markdown("Mutation suite on the planted circuit"));

        suite.Cases.Should().HaveCountGreaterThanOrEqualTo(200, "the issue asks for at least 200 cases");
        suite.Cases.Select(c => c.Kind).Distinct().Should().Contain([PlantedClaims.SignFlipped, PlantedClaims.WrongSource, PlantedClaims.WrongLayer,
            PlantedClaims.WrongRegion, PlantedClaims.MovedBy90, PlantedClaims.ControlNegated, "model: weights negated", "model: weights zeroed",
            "model: sources permuted"]);
        suite.Cases.Should().NotContain(c => c.Result == CaseResult.Crashed, "a false claim must fail with a verdict or a typed error, never a crash");
        suite.Sensitivity.Should().BeGreaterThanOrEqualTo(0.99, "true claims must hold; misses:\n{0}", suite.DescribeMisses());
        suite.Specificity.Should().BeGreaterThanOrEqualTo(0.99, "false claims and broken models must fail; misses:\n{0}", suite.DescribeMisses());
        suite.StrictSpecificityWhereDecidable.Should().BeGreaterThanOrEqualTo(0.95, "a decidable false claim gets a 'fails' verdict, not 'inconclusive':\n{0}", table);
    }

    [Fact]
    public void Each_weight_mutation_changes_only_the_unit_it_names()
    {
        using var intact = PlantedCircuit.Build();
        using var broken = PlantedCircuit.Build(new WeightMutation("curves", 2, MutationKind.Negated));
        var source = intact.Unit("edges_relu:3");

        broken.Unit("edges_relu:3").EffectiveWeightsTo(broken.Unit("curves:2")).Sum
            .Should().BeApproximately(-source.EffectiveWeightsTo(intact.Unit("curves:2")).Sum, 1e-5);
        broken.Unit("edges_relu:3").EffectiveWeightsTo(broken.Unit("curves:1")).Sum
            .Should().BeApproximately(source.EffectiveWeightsTo(intact.Unit("curves:1")).Sum, 1e-6);
        broken.ModelName.Should().Contain("curves:2 weights negated");
    }

    [Fact]
    public void A_mutation_of_a_unit_that_does_not_exist_is_refused_with_the_layers_channel_count()
    {
        var act = () => PlantedCircuit.Build(new WeightMutation("curves", 10, MutationKind.Zeroed));
        act.Should().Throw<ChannelOutOfRangeException>().WithMessage("*'curves'*10 channels*");
        var unknown = () => PlantedCircuit.Build(new WeightMutation("curve", 0, MutationKind.Zeroed));
        unknown.Should().Throw<CircuitSpecException>().WithMessage("*'curve'*edges, curves, circles*");
    }
}
