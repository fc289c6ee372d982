using CircuitSpec.Circuits;
using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.GroundTruth.PlantedLogic;
using CircuitSpec.Weights;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Circuits;

/// <summary>
/// A circuit node may be a direction: as a target (the planted diagonal pair, logic 4 + 5, explained by the two edge
/// detectors that feed it) and as a source (a direction along one channel is that unit, by another code path).
/// </summary>
public sealed class DirectionNodeTests(ITestOutputHelper output)
{
    private static Network Load() => LogicCircuit.Load(CircuitSpec.Runtime.RepositoryRoot.Artifacts(Path.Combine("ground-truth", "planted-logic")));

    private static Direction DiagonalPair(Network m) => m.Direction("logic_relu", [0, 0, 0, 0, 1, 1], "diagonal pair");

    // Edges rising along 45° and along 315°, as many of each: each diagonal detector carries half of the pair's response.
    private static StimulusSet BothDiagonals =>
        new(from d in new[] { 45.0, 315 } from i in Enumerable.Range(0, 6) select new Edge(LogicCircuit.EdgeOrientation(d), -0.625 + 0.25 * i));

    private static Direction OneHot(Network m, string layer, int channel)
    {
        var vector = new float[m.ChannelCount(layer)];
        vector[channel] = 1;
        return m.Direction(layer, vector, $"{layer} along {channel}");
    }

    [Fact]
    public void A_direction_is_explained_by_the_units_planted_into_it()
    {
        using var model = Load();
        var pair = DiagonalPair(model);
        // The ground truth, read from the weights we planted: the edge detectors with any weight into the pair.
        var planted = Enumerable.Range(0, (int)model.ChannelCount("simple_relu"))
            .Where(c => model.Unit("simple_relu", c).EffectiveWeightsTo(pair).Values.Any(v => v != 0)).ToList();
        planted.Should().HaveCount(2, "logic 4 and 5 each pass on one diagonal edge detector");

        var circuit = new Circuit("diagonals → pair");
        foreach (var c in planted) circuit.Excites(model.Unit("simple_relu", c), pair);
        circuit.Should().Hold().And.BeFaithful(BothDiagonals, minRecovered: 0.95, ablations: [EdgeAblation.Zero, EdgeAblation.Mean], controls: 2);
        var half = new Circuit("one diagonal → pair").Excites(model.Unit("simple_relu", planted[0]), pair);
        var act = () => half.Should().BeFaithful(BothDiagonals, minRecovered: 0.95, ablations: [EdgeAblation.Zero], controls: 0);
        act.Should().Throw<XunitException>().WithMessage("*zero ablation it recovers 0.*of diagonal pair*");
        // Discovery finds them too (the diagonal pair is a case of DiscoveryTests), and writes the direction into its spec.
        var found = model.Discover(pair, "simple_relu", BothDiagonals, new DiscoveryOptions { Ablation = EdgeAblation.Zero, Controls = 0 });
        var spec = SpecWriter.Write(found, "ModelZoo.Load(\"planted-logic.onnx\")", "Specs", "test");
        spec.Should().Contain("var target = model.Direction(\"logic_relu\", [0f, 0f, 0f, 0f, 1f, 1f], \"diagonal pair\");")
            .And.Contain("new Circuit(\"diagonal pair (logic_relu) from simple_relu\")");
        foreach (var c in planted) spec.Should().Contain($".Excites(model.Unit(\"simple_relu:{c}\"), target)");
    }

    [Fact]
    public void A_direction_source_along_one_channel_is_that_unit()
    {
        using var model = Load();
        var stimuli = new StimulusSet(Enumerable.Range(0, 12).Select(i => new Edge(i % 3 == 0 ? 270 : i % 3 == 1 ? 315 : 0, -0.5 + 0.1 * i)));
        // The XOR circuit twice: its sources as units, and as directions along the same channels (projected, not copied).
        (string From, int Channel, string To)[] edges = [("simple_relu", 0, "logic_relu:0"), ("simple_relu", 2, "logic_relu:0"),
            ("simple_relu", 0, "logic_relu:1"), ("simple_relu", 2, "logic_relu:1"), ("logic_relu", 0, "xor_relu:0"), ("logic_relu", 1, "xor_relu:0")];
        var asUnits = edges.Select(e => new EdgeRef(model.Unit(e.From, e.Channel), model.Unit(e.To))).ToList();
        var asDirections = edges.Select(e => new EdgeRef(OneHot(model, e.From, e.Channel), model.Unit(e.To))).ToList();
        foreach (var ablation in new[] { EdgeAblation.Zero, EdgeAblation.Mean })
        {
            var units = Faithfulness.Measure(model, asUnits, stimuli, ablation, controls: 3);
            var directions = Faithfulness.Measure(model, asDirections, stimuli, ablation, readout: model.Unit("xor_relu:0"), controls: 3);
            output.WriteLine($"units: {units}\ndirections: {directions}");
            directions.Recovered.Should().BeApproximately(units.Recovered, 1e-4);
            directions.RandomRecovered.Should().Equal(units.RandomRecovered, (a, b) => Math.Abs(a - b) < 1e-4);
            var unitGaps = Faithfulness.CompletenessGaps(model, asUnits, stimuli, ablation);
            var directionGaps = Faithfulness.CompletenessGaps(model, asDirections, stimuli, ablation, readout: model.Unit("xor_relu:0"));
            directionGaps.Select(g => g.ModelWithout).Should().Equal(unitGaps.Select(g => g.ModelWithout), (a, b) => Math.Abs(a - b) < 1e-4);
        }
        // A unit and a direction along its own channel span one dimension: kept together, they keep that one channel.
        var twice = new List<EdgeRef>(asUnits) { new(OneHot(model, "simple_relu", 0), model.Unit("logic_relu:0")) };
        Faithfulness.Measure(model, twice, stimuli, EdgeAblation.Mean, controls: 0).Recovered
            .Should().BeApproximately(Faithfulness.Measure(model, asUnits, stimuli, EdgeAblation.Mean, controls: 0).Recovered, 1e-4);
        // Its weights are the unit's.
        OneHot(model, "logic_relu", 1).EffectiveWeightsTo(model.Unit("xor_relu:0")).Sum
            .Should().BeApproximately(model.Unit("logic_relu:1").EffectiveWeightsTo(model.Unit("xor_relu:0")).Sum, 1e-6);
    }
}
