using System.Runtime.CompilerServices;
using CircuitSpec.Features;
using CircuitSpec.Pictures;
using CircuitSpec.Snapshots;
using CircuitSpec.Visualization;

namespace CircuitSpec.Specs.Support;

/// <summary>
/// A unit's two pictures, reviewed as snapshots in pull requests: its feature visualization (what drives it) and the
/// weight diagram of its strongest inputs from an earlier layer (what it is built from).
/// </summary>
public static class Portraits
{
    public static readonly VisualizationOptions Visualization = new() { Size = 128, Steps = 192, Seed = 0 };

    public static async Task MatchSnapshots(Unit unit, string inputsFrom, [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
    {
        var name = unit.Label.Replace(':', '_');
        var visualization = unit.Model.Visualize(Objective.Channel(unit.Layer, unit.Channel), Visualization, cancellation: TestContext.Current.CancellationToken);
        await visualization.Should().MatchSnapshot(name: $"{name}_visualization", sourceFile: sourceFile, method: method);
        var diagram = WeightDiagram.Draw(unit, inputsFrom, top: 8, by: Weights.WeightMeasure.Positive, expanded: true);
        await diagram.Should().MatchSnapshot(name: $"{name}_weights", sourceFile: sourceFile, method: method);
    }
}
