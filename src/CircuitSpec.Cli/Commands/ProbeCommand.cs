using System.CommandLine;
using System.Globalization;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Pictures;
using CircuitSpec.Reporting;
using CircuitSpec.Stimuli;
using CircuitSpec.Visualization;

namespace CircuitSpec.Cli.Commands;

/// <summary>
/// <c>circuitspec probe &lt;model&gt; &lt;layer:unit&gt;</c>: what a researcher looks at first — tuning curves over lines and
/// edges, an orientation × radius map over curves, the strongest synthetic stimuli, and a feature visualization —
/// as PNGs and a small HTML page.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var model = Common.ModelArgument();
        var unit = Common.UnitArgument();
        var output = new Option<string?>("--out") { Description = "Output folder (default artifacts/probe/<model>-<unit>)." };
        var size = new Option<int>("--size") { Description = "Feature visualization size in pixels.", DefaultValueFactory = _ => 128 };
        var steps = new Option<int>("--steps") { Description = "Feature visualization steps (0 skips it).", DefaultValueFactory = _ => 256 };
        var seed = new Option<int>("--seed") { Description = "Seed of the visualization.", DefaultValueFactory = _ => 0 };
        var device = Common.DeviceOption();
        var command = new Command("probe", "Tuning curves, strongest synthetic stimuli and a feature visualization of one unit, as PNGs and an HTML page.")
        {
            model, unit, output, size, steps, seed, device,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse.GetValue(model)!, parse.GetValue(unit)!, parse.GetValue(output), parse.GetValue(size),
            parse.GetValue(steps), parse.GetValue(seed), parse.GetValue(device)!, cancellation)));
        return command;
    }

    private static int Run(string modelName, string address, string? output, int size, int steps, int seed, string device, CancellationToken cancellation)
    {
        if (Models.Zoo.ModelZoo.IsTransformer(modelName)) return TransformerCommands.ProbeHead(modelName, address, output);
        using var model = Common.LoadModel(modelName);
        model.ToDevice(device);
        var target = model.Unit(address);
        var folder = Path.GetFullPath(output ?? Path.Combine("artifacts", "probe", $"{FileNames.Safe(modelName)}-{FileNames.Safe(address)}"));
        var input = model.Input.Height;
        var pictures = new List<ReportPicture>();
        var notes = new List<string>();
        void Save(Picture picture, string file, string caption) => pictures.Add(new ReportPicture(picture.SavePng(Path.Combine(folder, file)), caption, null));

        var lines = Synthetic.Lines(Synthetic.Angles(10, below: 180));
        var edges = Synthetic.Edges(Synthetic.Angles(10));
        var radii = new[] { input / 28.0, input / 14.0, input / 7.0, input / 3.5 }.Select(r => Math.Round(r, 1)).ToArray();
        var curves = Synthetic.Curves(Synthetic.Angles(15), radii);
        Console.Error.WriteLine($"probing {target.Label} of {model.ModelName} with {lines.Count} lines, {edges.Count} edges and {curves.Count} curves");
        var pool = new StimulusSet([.. lines, .. edges, .. curves]);
        var responses = model.Responses(pool, target); // one pass over every stimulus, then split by family
        ResponseSet Part(StimulusSet part, int start) =>
            new(responses.Feature, part, responses.Values.Skip(start).Take(part.Count).ToList());
        var (lineResponses, edgeResponses, curveResponses) = (Part(lines, 0), Part(edges, lines.Count), Part(curves, lines.Count + edges.Count));
        var lineTuning = TuningCurve.Over(lineResponses, "orientation", 180);
        var edgeTuning = TuningCurve.OverOrientation(edgeResponses);
        var map = TuningMap.Over(curveResponses, "radius", "orientation");
        Save(Plots.Tuning(lineTuning), "tuning-lines.png", "response to lines by orientation");
        Save(Plots.Tuning(edgeTuning), "tuning-edges.png", "response to edges by orientation");
        Save(Plots.Map(map), "curves-map.png", "response to curves: radius × orientation");
        Save(ContactSheet.Strongest(responses), "strongest.png", "strongest synthetic stimuli");
        notes.Add($"lines: {Describe(lineTuning)}");
        notes.Add($"edges: {Describe(edgeTuning)}");
        notes.Add($"curves: peak at radius {map.Preferred.Row:G3}, orientation {map.Preferred.Column:G3}°; mean response to curves {curveResponses.Mean:G3} vs lines {lineResponses.Mean:G3}");

        if (steps > 0)
        {
            var options = new VisualizationOptions { Size = size, Steps = steps, Seed = seed };
            var visualization = model.Visualize(Objective.Channel(target.Layer, target.Channel), options, new ProgressBar($"visualizing {target.Label}"), cancellation);
            Save(visualization.Picture.Resized(Math.Max(size, 224), Math.Max(size, 224)), "visualization.png",
                $"feature visualization ({steps} steps, seed {seed}, mean activation {visualization.Score:G3})");
        }
        foreach (var note in notes) Console.WriteLine(note);
        var page = HtmlReport.WriteGallery(Path.Combine(folder, "index.html"), $"{target.Label} of {model.ModelName}", notes, pictures);
        Console.WriteLine($"page: {page}");
        return 0;
    }

    private static string Describe(TuningCurve curve) => curve.Inconclusive ??
        string.Create(CultureInfo.InvariantCulture, $"prefers {curve.Preferred:G3}° (peak {curve.Peak:G3}, half-maximum width {curve.HalfMaximumWidth:G3}°, echo {curve.EchoRatio:G2})");
}
