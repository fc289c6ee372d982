using CircuitSpec.Circuits;
using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using CircuitSpec.Tests.GroundTruth.PlantedLogic;
using Xunit.Sdk;
using static CircuitSpec.Models.Planted.PlantedCircuit;

namespace CircuitSpec.Tests.Circuits;

/// <summary>
/// Faithfulness, completeness and minimality measured on circuits we planted: the planted circuit explains its unit,
/// a circuit missing a planted edge or made of the wrong units does not, and random circuits of the same size sit far below.
/// </summary>
public sealed class FaithfulnessTests(ITestOutputHelper output)
{
    private static readonly EdgeAblation[] Every = [EdgeAblation.Zero, EdgeAblation.Mean, EdgeAblation.Resample];

    /// <summary>The planted logic circuit: simple_relu:0 and 2 excite OR and AND; OR excites XOR, AND inhibits it.</summary>
    private static Circuit XorCircuit(Network m)
    {
        var xor = new Circuit("edges → OR, AND → XOR");
        foreach (var k in new[] { 0, 2 }) xor.Excites(m.Unit($"simple_relu:{k}"), m.Unit("logic_relu:0")).Excites(m.Unit($"simple_relu:{k}"), m.Unit("logic_relu:1"));
        return xor.Excites(m.Unit("logic_relu:0"), m.Unit("xor_relu:0")).Inhibits(m.Unit("logic_relu:1"), m.Unit("xor_relu:0"));
    }

    private static Circuit CurvesToCircle(Network m, IEnumerable<int> curves)
    {
        var circuit = new Circuit("curves → circle");
        foreach (var j in curves) circuit.Excites(m.Curve(j), m.CircleDetector());
        return circuit;
    }

    [Fact]
    public void The_planted_curve_detectors_explain_the_circle_detector_under_every_ablation()
    {
        using var model = PlantedCircuit.Build();
        var circuit = CurvesToCircle(model, Enumerable.Range(0, CurveUnits));
        foreach (var ablation in Every)
        {
            var result = Faithfulness.Measure(model, circuit.Edges.Select(e => new EdgeRef(e.Source, e.Target)).ToList(), PlantedStimuli.Rings, ablation);
            output.WriteLine(result.ToString());
            result.Recovered.Should().BeApproximately(1, 1e-4, "the circle detector has no other input with a weight");
            result.Inconclusive.Should().BeNull();
        }
        circuit.Should().BeFaithful(PlantedStimuli.Rings, minRecovered: 0.95, controls: 2)
            .And.BeComplete(PlantedStimuli.Rings, maxLeft: 0.05, ablations: [EdgeAblation.Mean], subsets: 2)
            .And.BeMinimal(PlantedStimuli.Rings, minDrop: 0.02, ablations: [EdgeAblation.Zero]);
    }

    [Fact]
    public void A_circuit_missing_planted_edges_is_not_faithful_and_names_its_shortfall()
    {
        using var model = PlantedCircuit.Build();
        var half = CurvesToCircle(model, [0, 1, 2, 3]);
        var act = () => half.Should().BeFaithful(PlantedStimuli.Rings, minRecovered: 0.95);
        act.Should().Throw<XunitException>().WithMessage("*curves → circle*to recover 0.95–1.05*ablation it recovers 0.4*random*");
        var incomplete = () => half.Should().BeComplete(PlantedStimuli.Rings, maxLeft: 0.05);
        incomplete.Should().Throw<XunitException>().WithMessage("*to be complete*the circuit keeps 0*, the model 0.*(gap 0.*");
    }

    [Fact]
    public void Wrong_units_recover_nothing_and_an_extra_edge_is_named_redundant()
    {
        using var model = PlantedCircuit.Build();
        var wrong = new Circuit("AND and polysemantic → circle").Excites(model.Curve(AndUnit), model.CircleDetector())
            .Excites(model.Curve(PolysemanticUnit), model.CircleDetector());
        var faithful = () => wrong.Should().BeFaithful(PlantedStimuli.Rings, minRecovered: 0.5, ablations: [EdgeAblation.Mean]);
        faithful.Should().Throw<XunitException>().WithMessage("*ablation it recovers 0 (mean*");

        var padded = CurvesToCircle(model, Enumerable.Range(0, CurveUnits)).Excites(model.Curve(AndUnit), model.CircleDetector());
        var minimal = () => padded.Should().BeMinimal(PlantedStimuli.Rings, minDrop: 0.02, ablations: [EdgeAblation.Mean]);
        minimal.Should().Throw<XunitException>().WithMessage("*1 edge removals cost less: curves_relu:8 → circles_relu:0*");
    }

    [Fact]
    public void A_two_layer_circuit_on_the_onnx_model_chains_its_targets_and_beats_random_circuits()
    {
        using var model = LogicCircuit.Load(RepositoryRoot());
        var xor = XorCircuit(model);
        var stimuli = new CircuitSpec.Stimuli.StimulusSet(Enumerable.Range(0, 12).Select(i => new CircuitSpec.Stimuli.Edge(i % 2 == 0 ? 270 : 0, -0.5 + 0.1 * i)));

        var result = Faithfulness.Measure(model, xor.Edges.Select(e => new EdgeRef(e.Source, e.Target)).ToList(), stimuli, EdgeAblation.Zero, controls: 20);
        output.WriteLine(result.ToString());
        result.Recovered.Should().BeApproximately(1, 1e-4);
        result.RandomMean.Should().BeLessThan(0.5, "two of the nine edge detectors into each logic unit, drawn at random, rarely hit the two that matter");
        xor.Should().BeFaithful(stimuli, minRecovered: 0.95);

        var withoutSecond = new Circuit("edges → OR → XOR").Excites(model.Unit("simple_relu:0"), model.Unit("logic_relu:0"))
            .Excites(model.Unit("logic_relu:0"), model.Unit("xor_relu:0"));
        var act = () => withoutSecond.Should().BeFaithful(stimuli, minRecovered: 0.95, ablations: [EdgeAblation.Zero]);
        act.Should().Throw<XunitException>().WithMessage("*ablation it recovers*");
    }

    [Fact]
    public void Leaving_out_an_inhibitory_edge_is_a_cost_though_the_response_rises()
    {
        using var model = LogicCircuit.Load(RepositoryRoot());
        var xor = XorCircuit(model);
        // Edges rising along 0°, 45° (both inputs: the AND unit fires and holds the XOR unit down) and 90°.
        var stimuli = new CircuitSpec.Stimuli.StimulusSet(from orientation in new[] { 270.0, 315, 0 } from i in Enumerable.Range(0, 4)
                                                          select new CircuitSpec.Stimuli.Edge(orientation, -0.375 + 0.25 * i));
        var (whole, without) = Faithfulness.LeaveOneOut(model, xor.Edges.Select(e => new EdgeRef(e.Source, e.Target)).ToList(), stimuli, EdgeAblation.Zero);
        output.WriteLine(string.Join("\n", without.Select(w => $"without {w.Edge}: {w.Recovered:0.###}")));
        without.Single(w => w.Edge.Source.Label == "logic_relu:1").Recovered.Should().BeGreaterThan(1.2, "without the AND unit's inhibition the XOR unit overshoots");
        xor.Should().BeMinimal(stimuli, minDrop: 0.05, ablations: [EdgeAblation.Zero]);
        whole.Recovered.Should().BeApproximately(1, 1e-4);
    }

    [Fact]
    public void A_readout_beyond_the_circuit_or_a_direction_is_explained_through_the_circuits_last_targets()
    {
        using var model = LogicCircuit.Load(RepositoryRoot());
        var stimuli = new CircuitSpec.Stimuli.StimulusSet(Enumerable.Range(0, 12).Select(i => new CircuitSpec.Stimuli.Edge(i % 2 == 0 ? 270 : 0, -0.5 + 0.1 * i)));
        // The OR unit from its two edge detectors, read at the XOR unit a layer further up (the AND unit stays as it is).
        var or = new Circuit("edges → OR").Excites(model.Unit("simple_relu:0"), model.Unit("logic_relu:0")).Excites(model.Unit("simple_relu:2"), model.Unit("logic_relu:0"));
        or.Should().BeFaithful(stimuli, minRecovered: 0.95, ablations: [EdgeAblation.Zero], readout: model.Unit("xor_relu:0"));
        var half = new Circuit("one edge → OR").Excites(model.Unit("simple_relu:0"), model.Unit("logic_relu:0"));
        var act = () => half.Should().BeFaithful(stimuli, minRecovered: 0.95, ablations: [EdgeAblation.Zero], readout: model.Unit("xor_relu:0"));
        act.Should().Throw<XunitException>().WithMessage("*of xor_relu:0's response*ablation it recovers*");

        // A direction as the readout: the diagonal pair, from the two diagonal edge detectors.
        var pair = model.Direction("logic_relu", [0, 0, 0, 0, 1, 1], "diagonal pair");
        var diagonals = new Circuit("diagonals → pair").Excites(model.Unit("simple_relu:1"), model.Unit("logic_relu:4")).Excites(model.Unit("simple_relu:7"), model.Unit("logic_relu:5"));
        var result = Faithfulness.Measure(model, diagonals.Edges.Select(e => new EdgeRef(e.Source, e.Target)).ToList(), stimuli, EdgeAblation.Zero, readout: pair);
        output.WriteLine(result.ToString());
        result.Recovered.Should().BeApproximately(1, 1e-4);
        result.Readout.Should().Contain("diagonal pair");
    }

    [Fact]
    public void A_circuit_that_ends_in_two_targets_needs_its_readout_named()
    {
        using var model = PlantedCircuit.Build();
        var split = new Circuit("split").Excites(model.Edge(0), model.Curve(0)).Excites(model.Edge(3), model.Curve(2));
        var act = () => split.Should().BeFaithful(PlantedStimuli.Rings);
        act.Should().Throw<Errors.CircuitSpecException>().WithMessage("*ends in 2 targets (curves_relu:0, curves_relu:2)*name the readout*");
        var backwards = () => new Circuit("backwards").Excites(model.CircleDetector(), model.Curve(0)).Should().BeFaithful(PlantedStimuli.Rings);
        backwards.Should().Throw<Errors.CircuitSpecException>().WithMessage("*curves_relu:0 is fed from 'circles_relu', which is not before it*");
    }

    private static string RepositoryRoot() => CircuitSpec.Runtime.RepositoryRoot.Artifacts(Path.Combine("ground-truth", "planted-logic"));
}
