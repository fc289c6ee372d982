using System.CommandLine;
using System.Globalization;
using CircuitSpec.Models.Zoo;

namespace CircuitSpec.Cli.Commands;

/// <summary><c>circuitspec inspect [model]</c>: every activation point with its friendly names, shape and channels.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model")
        {
            Description = $"A zoo name ({string.Join(", ", ModelZoo.Names)}) or a path to an .onnx file, a TF.js model.json, a Caffe folder, " +
                          "or a transformer's folder (one .onnx file and its vocab.txt).",
            DefaultValueFactory = _ => "resnet18",
        };
        var all = new Option<bool>("--all") { Description = "List every point, not only those with a friendly name." };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("inspect", "List a model's activation points (layers) with their shapes and channel counts.")
        {
            model, all, device,
        };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(all), parse.GetValue(device)!));
        return command;
    }

    private static int Run(string name, bool all, string device)
    {
        if (ModelZoo.IsTransformer(name)) return TransformerCommands.Inspect(name);
        using var network = Common.LoadModel(name);
        network.ToDevice(device);
        var points = network.DescribePoints();
        var shown = all || network.Aliases.Count == 0 ? points : points.Where(p => p.Aliases.Count > 0).ToList();

        Console.WriteLine($"model     {network.ModelName}");
        Console.WriteLine($"weights   {network.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"input     {network.Input.Description} — [{string.Join(", ", network.Input.Shape())}]");
        Console.WriteLine($"device    {network.Device}");
        Console.WriteLine($"points    {points.Count} ({shown.Count} shown{(shown.Count < points.Count ? "; --all lists every one" : "")})");
        Console.WriteLine();
        var nameWidth = Math.Max(10, shown.Max(p => Label(p).Length));
        Console.WriteLine($"{"point".PadRight(nameWidth)}  {"op",-20}  {"channels",8}  shape");
        foreach (var p in shown)
            Console.WriteLine($"{Label(p).PadRight(nameWidth)}  {p.Operator,-20}  {p.Channels,8}  [{string.Join(", ", p.Shape)}]");
        return 0;
    }

    private static string Label(Networks.ActivationPoint p) =>
        p.Aliases.Count == 0 ? p.Name : $"{string.Join(", ", p.Aliases)} = {p.Name}";
}
