using System.CommandLine;
using System.Globalization;
using CircuitSpec.Circuits;
using CircuitSpec.Features;
using CircuitSpec.Pictures;
using CircuitSpec.Weights;

namespace CircuitSpec.Cli.Commands;

/// <summary>
/// <c>circuitspec discover &lt;model&gt; &lt;layer:unit&gt; --from &lt;layer&gt;</c>: scores every edge into the unit,
/// keeps the fewest that recover the target fraction of its response, prints and draws the circuit, and with
/// <c>--write</c> writes it as a spec to review and commit.
/// </summary>
internal static class DiscoverCommand
{
    public static Command Create()
    {
        var model = Common.ModelArgument();
        var unit = Common.UnitArgument();
        var from = new Option<string>("--from") { Description = "The layer whose units feed the unit (its edges are scored).", Required = true };
        var scoring = new Option<EdgeScoring>("--scoring") { Description = "AttributionPatching, IntegratedGradients, OneAblationPerEdge or Pruning (ACDC-style: one forward per " +
            "edge).", DefaultValueFactory = _ => EdgeScoring.AttributionPatching };
        var ablation = new Option<EdgeAblation>("--ablation") { Description = "What an ablated edge carries: Zero, Mean or Resample.", DefaultValueFactory = _ => EdgeAblation.Mean };
        var target = new Option<double>("--target") { Description = "The fraction of the response the circuit must recover.", DefaultValueFactory = _ => 0.8 };
        var maxEdges = new Option<int>("--max-edges") { Description = "The largest circuit to try.", DefaultValueFactory = _ => 32 };
        var stimuli = new Option<int>("--stimuli") { Description = "How many of the synthetic stimuli that drive the unit most to use.", DefaultValueFactory = _ => 32 };
        var write = new Option<string?>("--write") { Description = "Write the circuit as an xunit spec (a .cs file) to review and commit." };
        var output = new Option<string?>("--out") { Description = "The PNG of the circuit's kernels (default artifacts/discover/<model>-<unit>.png)." };
        var device = Common.DeviceOption();
        var command = new Command("discover", "Find the edges from a layer that explain a unit, score the circuit's faithfulness, draw it, and write it as a spec.")
        {
            model, unit, from, scoring, ablation, target, maxEdges, stimuli, write, output, device,
        };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(unit)!, parse.GetValue(from)!,
            new DiscoveryOptions { Scoring = parse.GetValue(scoring), Ablation = parse.GetValue(ablation), TargetRecovery = parse.GetValue(target), MaxEdges = parse.GetValue(maxEdges) },
            parse.GetValue(stimuli), parse.GetValue(write), parse.GetValue(output), parse.GetValue(device)!));
        return command;
    }

    private static int Run(string modelName, string address, string from, DiscoveryOptions options, int stimuliCount, string? write, string? output, string device)
    {
        using var model = Common.LoadModel(modelName);
        model.ToDevice(device);
        var unit = model.Unit(address);
        var stimuli = DiscoveryStimuli.Strongest(model, unit, stimuliCount);
        Console.Error.WriteLine($"discovering {unit.Label} of {model.ModelName} from {from} on the {stimuli.Count} synthetic stimuli that drive it most");
        var found = model.Discover(unit, from, stimuli, options, new ProgressLines());

        Console.WriteLine(found.ToString());
        if (found.Faithfulness.Inconclusive is { } why)
        {
            Console.Error.WriteLine($"error: no circuit can be judged on these stimuli: {why}. The pool of synthetic stimuli does not move {unit.Label}; " +
                                    "discover it from the library with stimuli that do (model.Discover(unit, from, on: …)).");
            return 1;
        }
        Console.WriteLine("edges (contribution = response with the edge − without it):");
        foreach (var edge in found.Edges) Console.WriteLine($"  {edge}");
        Console.WriteLine("recovered by the strongest k edges: " +
                          string.Join(", ", found.Curve.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Size}: {p.Recovered:0.###}"))));
        // The number moves with the ablation (Miller et al. 2024): the chosen circuit under each kind, its control beside it.
        Console.WriteLine("the same circuit under each ablation:");
        foreach (var kind in Enum.GetValues<EdgeAblation>())
            Console.WriteLine($"  {(kind == options.Ablation ? found.Faithfulness : Faithfulness.Measure(model, found.EdgeRefs, stimuli, kind, controls: options.Controls, seed: options.Seed))}");
        if (!found.ReachedTarget)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"note: no circuit of up to {options.MaxEdges} edges comes within {1 - options.TargetRecovery:0.##} of the full " +
                $"response; the closest is kept."));

        var kernels = found.Edges.Select(e => e.Source.EffectiveWeightsTo(e.Target)).ToList();
        var picture = WeightDiagram.Draw($"discovered circuit of {unit.Label} from {from} (recovers {found.Faithfulness.Recovered.ToString("0.##", CultureInfo.InvariantCulture)})", kernels);
        var path = output ?? Path.Combine("artifacts", "discover", $"{FileNames.Safe(modelName)}-{FileNames.Safe(address)}.png");
        Console.WriteLine($"diagram: {picture.SavePng(path)}");

        if (write is not null)
        {
            var load = Models.Zoo.ModelZoo.Names.Contains(modelName.ToLowerInvariant()) ? $"ModelZoo.Load(\"{modelName.ToLowerInvariant()}\")" : $"ModelZoo.Load(@\"{Path.GetFullPath(modelName)}\")";
            var command = $"circuitspec discover {modelName} {address} --from {from} --ablation {options.Ablation} --scoring {options.Scoring}";
            var spec = SpecWriter.Write(found, load, "CircuitSpec.Specs.Discovered", command);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(write))!);
            AtomicFile.WriteText(write, spec);
            Console.WriteLine($"spec: {Path.GetFullPath(write)}");
        }
        return 0;
    }
}
