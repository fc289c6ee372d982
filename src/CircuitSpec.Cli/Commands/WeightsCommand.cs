using System.CommandLine;
using System.Globalization;
using CircuitSpec.Features;
using CircuitSpec.Pictures;
using CircuitSpec.Weights;

namespace CircuitSpec.Cli.Commands;

/// <summary><c>circuitspec weights &lt;model&gt; &lt;layer:unit&gt; --from &lt;layer&gt;</c>: a unit's strongest inputs as a weight diagram.</summary>
internal static class WeightsCommand
{
    public static Command Create()
    {
        var model = Common.ModelArgument();
        var unit = Common.UnitArgument();
        var from = new Option<string>("--from") { Description = "The source layer (the layer feeding the unit, or any earlier one with --expanded).", Required = true };
        var top = new Option<int>("--top") { Description = "How many inputs to show.", DefaultValueFactory = _ => 8 };
        var by = new Option<WeightMeasure>("--by") { Description = "Rank by Absolute, Positive, Negative or Net weight.", DefaultValueFactory = _ => WeightMeasure.Absolute };
        var expanded = new Option<bool>("--expanded") { Description = "Expanded weights through the layers between (linearized)." };
        var output = new Option<string?>("--out") { Description = "The PNG to write (default artifacts/weights/<model>-<unit>.png)." };
        var command = new Command("weights", "Draw a unit's strongest input kernels (red excites, blue inhibits) and list them.")
        {
            model, unit, from, top, by, expanded, output,
        };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(unit)!, parse.GetValue(from)!, parse.GetValue(top), parse.GetValue(by),
            parse.GetValue(expanded), parse.GetValue(output)));
        return command;
    }

    private static int Run(string modelName, string address, string from, int top, WeightMeasure by, bool expanded, string? output)
    {
        using var model = Common.LoadModel(modelName);
        var target = model.Unit(address);
        InputWeights weights;
        try
        {
            weights = target.InputWeights(from, expanded);
        }
        catch (NotAdjacentException e)
        {
            throw new Errors.CircuitSpecException($"{e.Problem} {e.Remedy} --expanded.");
        }
        var inputs = weights.Ranked(by, top);
        Console.WriteLine($"{(expanded ? "expanded " : "")}weights into {target.Label} from {from}, top {inputs.Count} by {by.ToString().ToLowerInvariant()}:");
        foreach (var input in inputs)
            Console.WriteLine($"  {input.Source.Label,-22} net {input.Weights.Sum.ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture)}  " +
                              $"positive {input.Weights.PositiveSum.ToString("0.0000", CultureInfo.InvariantCulture)}  negative " +
                                  $"{input.Weights.NegativeSum.ToString("0.0000", CultureInfo.InvariantCulture)}");
        var path = output ?? Path.Combine("artifacts", "weights", $"{FileNames.Safe(modelName)}-{FileNames.Safe(address)}.png");
        Console.WriteLine($"diagram: {WeightDiagram.Draw(weights, inputs, by).SavePng(path)}");
        return 0;
    }
}
