using System.Globalization;
using System.Text;
using CircuitSpec.Weights;

namespace CircuitSpec.Circuits;

/// <summary>
/// Writes a discovered circuit as an xunit spec: its edges with their signs as a <c>Circuit</c> that must hold, and its
/// faithfulness (with a margin below what was measured) and completeness under the ablation it was found with — with
/// two random controls and two random subsets, since a spec reruns on every CI run.
/// </summary>
public static class SpecWriter
{
    /// <summary>
    /// C# source of a spec class; <paramref name="loadModel"/> is the expression that loads the model (e.g.
    /// <c>ModelZoo.Load("planted")</c>), <paramref name="margin"/> how far below the measured recovery the claim sits.
    /// </summary>
    public static string Write(DiscoveredCircuit circuit, string loadModel, string @namespace, string command, double margin = 0.05)
    {
        var name = Identifier($"{circuit.Target.Label}_from_{circuit.From}");
        var f = circuit.Faithfulness;
        var minRecovered = Math.Max(0.05, Math.Floor((f.Recovered - margin) * 100) / 100);
        var ablation = $"EdgeAblation.{circuit.Options.Ablation}";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"// Written by `{command}`; review before committing.");
        text.AppendLine(CultureInfo.InvariantCulture, $"// Found by {circuit.Options.Scoring}; {f}.");
        text.AppendLine("using CircuitSpec.Circuits;");
        text.AppendLine("using CircuitSpec.Claims;");
        text.AppendLine("using CircuitSpec.Features;");
        text.AppendLine("using CircuitSpec.Models.Zoo;");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"namespace {@namespace};");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"public sealed class Discovered_{name}");
        text.AppendLine("{");
        text.AppendLine("    [Fact]");
        text.AppendLine(CultureInfo.InvariantCulture, $"    public void {name}_is_explained_by_{circuit.Edges.Count}_edges()");
        text.AppendLine("    {");
        text.AppendLine(CultureInfo.InvariantCulture, $"        using var model = {loadModel};");
        text.AppendLine(CultureInfo.InvariantCulture, $"        var target = {TargetExpression(circuit.Target)};");
        text.AppendLine(CultureInfo.InvariantCulture, $"        var stimuli = DiscoveryStimuli.Strongest(model, target);");
        text.AppendLine(CultureInfo.InvariantCulture, $"        var circuit = new Circuit({Literal($"{circuit.Target.Label} from {circuit.From}")})");
        // The verb follows the edge's net weight (what Hold checks); the measured contribution stands beside it.
        foreach (var edge in circuit.Edges)
        {
            var net = edge.Source.EffectiveWeightsTo(edge.Target).Sum;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"            .{(net >= 0 ? "Excites" : "Inhibits")}(model.Unit(\"{edge.Source.Label}\"), target) // net weight {net:+0.####;-0.####}, contribution " +
                    $"{edge.Contribution:+0.####;-0.####}");
        }
        text.AppendLine("            ;");
        text.AppendLine("        circuit.Should().Hold()");
        text.AppendLine(CultureInfo.InvariantCulture, $"            .And.BeFaithful(stimuli, minRecovered: {minRecovered.ToString("0.##", CultureInfo.InvariantCulture)}, ablations: " +
            $"[{ablation}], controls: 2)");
        text.AppendLine(CultureInfo.InvariantCulture, $"            .And.BeComplete(stimuli, maxLeft: " +
            $"{Math.Min(1, Math.Ceiling((circuit.LargestCompletenessGap + margin) * 100) / 100).ToString("0.##", CultureInfo.InvariantCulture)}, ablations: [{ablation}], subsets: 2);");
        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }

    // A direction is written out with its vector (each component round-trips), so the spec needs nothing but the model.
    private static string TargetExpression(Features.Feature target) => target switch
    {
        Features.Unit unit => $"model.Unit({Literal(unit.Label)})",
        Features.Direction direction => $"model.Direction({Literal(direction.Layer)}, " +
            $"[{string.Join(", ", direction.Vector.Select(v => v.ToString("R", CultureInfo.InvariantCulture) + "f"))}], {Literal(direction.Name)})",
        _ => throw new Errors.CircuitSpecException($"{target.Label} cannot be written as a spec target: it is neither a unit nor a direction."),
    };

    // A C# string literal of any text (names may hold quotes or backslashes).
    private static string Literal(string text) => $"\"{text.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";

    private static string Identifier(string text)
    {
        var cleaned = new string(text.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());
        return char.IsDigit(cleaned[0]) ? "_" + cleaned : cleaned;
    }
}
