using System.Globalization;
using System.Xml.Linq;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Visualization;

namespace CircuitSpec.Bench.Rows;

/// <summary>
/// Row 9: feature visualization on InceptionV1 at 128×128, the portraits' recipe: the time of one optimisation step
/// (a forward to the unit's layer, its backward, an Adam step), the cost of a portrait (192 steps), and the portraits'
/// share of the specs' last run (from its JUnit XML).
/// </summary>
public static class VisualizationRow
{
    private const int Steps = 16;
    private const int PortraitSteps = 192;

    public static BenchRow Run(string repositoryRoot, Options options)
    {
        using var model = ModelZoo.InceptionV1();
        var objective = Objective.Channel("mixed3b", 375);
        var recipe = new VisualizationOptions { Size = 128, Steps = Steps, Seed = 0 };
        var perStep = Timing.Median(() => model.Visualize(objective, recipe), Math.Max(3, options.Repetitions / 2)) / Steps;
        var share = PortraitShare(SpecResults.Files(repositoryRoot, onlyAllSpecs: options.RunSpecs));
        return new BenchRow("9. Feature visualization, InceptionV1 mixed3b:375 at 128×128: one optimisation step",
            $"{perStep * 1e3:F0} ms per step, so {perStep * PortraitSteps:F1} s for a portrait's {PortraitSteps} steps; {share}",
            null, "reported", null)
        {
            Numbers = { ["step_s"] = perStep, ["portrait_s"] = perStep * PortraitSteps },
        };
    }

    private static string PortraitShare(IReadOnlyList<string> files)
    {
        if (files.Count == 0) return "no specs run to compare with (run `bash ci/test.sh` first)";
        var cases = SpecResults.Cases(files.Select(XDocument.Load));
        var portraits = cases.Where(c => c.Name.StartsWith("Portrait(", StringComparison.Ordinal)).ToList();
        var (total, portrait) = (cases.Sum(c => c.Seconds), portraits.Sum(c => c.Seconds));
        return string.Create(CultureInfo.InvariantCulture,
            $"the {portraits.Count} portrait specs took {portrait:F0} s of the specs' {total:F0} s test time ({portrait / Math.Max(total, 1e-9):P0}) in the last run");
    }
}
