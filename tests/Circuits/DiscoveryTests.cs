using System.Globalization;
using System.Text;
using CircuitSpec.Circuits;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.GroundTruth.PlantedLogic;
using CircuitSpec.Weights;
using static CircuitSpec.Models.Planted.PlantedCircuit;

namespace CircuitSpec.Tests.Circuits;

/// <summary>
/// Circuit discovery measured on ground truth: on both planted models, the edges it scores highest are the planted ones
/// (ROC AUC against every edge into the unit), its circuit recovers the unit, and attribution patching ranks edges as
/// the exact one-ablation-per-edge search does.
/// </summary>
public sealed class DiscoveryTests(ITestOutputHelper output)
{
    private sealed record Case(string Model, Func<Network> Load, string Target, string From, Func<StimulusSet> Stimuli)
    {
        // A unit by its label, or the planted direction logic 4 + 5 (the diagonal pair), which no single unit carries.
        public Feature Feature(Network model) => Target == "diagonal pair" ? model.Direction("logic_relu", [0, 0, 0, 0, 1, 1], Target) : model.Unit(Target);
    }

    private static string LogicFolder => RepositoryRoot.Artifacts(Path.Combine("ground-truth", "planted-logic"));

    private static StimulusSet Rising(params double[] directions) =>
        new(from d in directions from i in Enumerable.Range(0, 6) select new Edge(LogicCircuit.EdgeOrientation(d), -0.625 + 0.25 * i));

    private static readonly Case[] Cases =
    [
        new("planted", () => PlantedCircuit.Build(), "circles_relu:0", "curves_relu", () => PlantedStimuli.Rings),
        new("planted", () => PlantedCircuit.Build(), "curves_relu:2", "edges_relu", () => PlantedStimuli.ArcsFacing(90)),
        new("planted", () => PlantedCircuit.Build(), $"curves_relu:{AndUnit}", "edges_relu", () => PlantedStimuli.RedAboveBlue),
        new("planted logic (ONNX)", () => LogicCircuit.Load(LogicFolder), "xor_relu:0", "logic_relu", () => Rising(0, 45, 90)),
        new("planted logic (ONNX)", () => LogicCircuit.Load(LogicFolder), "logic_relu:1", "simple_relu", () => Rising(45, 30, 60)),
        new("planted logic (ONNX)", () => LogicCircuit.Load(LogicFolder), "diagonal pair", "simple_relu", () => Rising(45, 315)),
    ];

    // The planted edges: the sources with any non-zero weight into the target, read from the weights we set.
    private static bool[] Planted(Feature target, string from) =>
        Enumerable.Range(0, (int)target.Model.ChannelCount(from))
            .Select(c => target.Model.Unit(from, c).EffectiveWeightsTo(target).Values.Any(v => v != 0)).ToArray();

    [Fact]
    public void Discovery_ranks_the_planted_edges_first_and_its_circuit_recovers_the_unit_on_both_planted_models()
    {
        var table = new StringBuilder("| model | unit | from | planted edges | scoring | ROC AUC | edges chosen | recovers (mean ablation) | random circuits | left without it |\n" +
                                      "|---|---|---|---:|---|---:|---:|---:|---:|---:|\n");
        foreach (var c in Cases)
        {
            using var model = c.Load();
            var target = c.Feature(model);
            var planted = Planted(target, c.From);
            foreach (var scoring in Enum.GetValues<EdgeScoring>())
            {
                var found = model.Discover(target, c.From, c.Stimuli(), new DiscoveryOptions { Scoring = scoring, MaxEdges = 16, Controls = 2 });
                var byChannel = found.Scores.OrderBy(s => s.Source.Channel).Select(s => Math.Abs(s.Contribution)).ToList();
                var auc = Statistics.RocAuc(byChannel, planted);
                output.WriteLine($"{c.Target} from {c.From}, {scoring}: AUC {auc:0.###}; {found}");
                table.Append(CultureInfo.InvariantCulture,
                    $"| {c.Model} | {c.Target} | {c.From} | {planted.Count(p => p)} of {planted.Length} | {scoring} | {auc:0.###} | {found.Edges.Count} | " +
                    $"{found.Faithfulness.Recovered:0.###} ({found.Faithfulness.Interval.Low:0.##}–{found.Faithfulness.Interval.High:0.##}) | {found.Faithfulness.RandomMean:0.###} | " +
                        $"{found.Leftover:0.###} |\n");

                auc.Should().BeGreaterThanOrEqualTo(0.95, "the planted edges must outrank the rest ({0})", scoring);
                found.Edges.Should().OnlyContain(e => planted[(int)e.Source.Channel], "a discovered edge must be a planted one");
                found.ReachedTarget.Should().BeTrue();
                // Discovery measures its circuit on the evaluation of every edge: the same as measuring the circuit alone.
                var alone = Faithfulness.Measure(model, found.EdgeRefs, c.Stimuli(), found.Options.Ablation, controls: 0);
                found.Faithfulness.Recovered.Should().BeApproximately(alone.Recovered, 1e-5, "the chosen circuit is measured, not every edge ({0})", scoring);
                if (scoring != EdgeScoring.Pruning)
                    found.Faithfulness.Recovered.Should().BeApproximately(found.Curve[found.Edges.Count - 1].Recovered, 1e-5, "the curve at the chosen size is the same circuit");
            }
        }
        output.WriteLine(table.ToString());
        AtomicFile.WriteText(RepositoryRoot.Artifacts(Path.Combine("ground-truth", "discovery.md")), $"# Circuit discovery on the planted models\n\n{table}");
    }

    [Fact]
    public void Attribution_patching_estimates_each_edges_exact_effect_on_the_planted_curve_detector()
    {
        using var model = PlantedCircuit.Build();
        var target = model.Curve(2);
        var options = new DiscoveryOptions { MaxEdges = 4 };
        var approximate = model.Discover(target, "edges_relu", PlantedStimuli.ArcsFacing(90), options).Scores.OrderBy(s => s.Source.Channel).Select(s => s.Contribution).ToList();
        var exact = model.Discover(target, "edges_relu", PlantedStimuli.ArcsFacing(90), options with { Scoring = EdgeScoring.OneAblationPerEdge })
            .Scores.OrderBy(s => s.Source.Channel).Select(s => s.Contribution).ToList();
        output.WriteLine(string.Join("\n", approximate.Zip(exact, (a, e) => $"{a:+0.0000;-0.0000}  exact {e:+0.0000;-0.0000}")));
        Statistics.Correlation(approximate, exact).Should().BeGreaterThan(0.9);
        approximate.Zip(exact).Should().OnlyContain(p => p.First == 0 ? p.Second == 0 : Math.Sign(p.First) == Math.Sign(p.Second) || Math.Abs(p.Second) < 0.05 * exact.Max(Math.Abs),
            "an edge the gradient calls excitatory is not inhibitory when ablated alone, unless its effect is negligible");
    }

    [Fact]
    public void A_discovered_circuit_written_as_a_spec_names_its_edges_and_thresholds_and_the_committed_one_is_current()
    {
        using var model = PlantedCircuit.Build();
        var target = model.CircleDetector();
        var found = model.Discover(target, "curves_relu", DiscoveryStimuli.Strongest(model, target));
        var spec = SpecWriter.Write(found, "ModelZoo.Load(\"planted\")", "CircuitSpec.Specs.Discovered", "circuitspec discover planted circles_relu:0 --from curves_relu");
        output.WriteLine(spec);
        spec.Should().Contain("public sealed class Discovered_circles_relu_0_from_curves_relu").And.Contain(".And.BeFaithful(stimuli, minRecovered:");
        foreach (var edge in found.Edges) spec.Should().Contain($".Excites(model.Unit(\"{edge.Source.Label}\"), target)");

        // The spec committed under specs/Discovered was written by the CLI from this discovery: the same edges, in order.
        static IEnumerable<string> EdgeLines(string text) => text.Split('\n').Select(l => l.Trim())
            .Where(l => l.StartsWith(".Excites(", StringComparison.Ordinal) || l.StartsWith(".Inhibits(", StringComparison.Ordinal))
            .Select(l => l[..(l.IndexOf("//", StringComparison.Ordinal) is var i and >= 0 ? i : l.Length)].Trim());
        var committed = File.ReadAllText(Path.Combine(RepositoryRoot.Above(AppContext.BaseDirectory)!, "specs", "Discovered", "PlantedCircleDetectorCircuit.cs"));
        EdgeLines(committed).Should().Equal(EdgeLines(spec), "regenerate it with: circuitspec discover planted circles_relu:0 --from curves_relu --write " +
            "specs/Discovered/PlantedCircleDetectorCircuit.cs");
    }
}
