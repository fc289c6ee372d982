using System.Globalization;
using System.Text;
using CircuitSpec.Features;
using CircuitSpec.GroundTruth;
using CircuitSpec.Interventions;
using CircuitSpec.Measurements;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using CircuitSpec.Visualization;
using Xunit.Sdk;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Reliability.Processes;

/// <summary>
/// A short run on the planted circuit that writes what a researcher would compare between two runs — verdicts, numbers
/// and pictures — to the folder named by <see cref="OutputVariable"/> (a temporary one when it is not set). It is a test of
/// its own (the true claims hold, the false ones fail) and the child process of <see cref="TwoProcessDeterminismTests"/>.
/// </summary>
public sealed class PlantedRunWitness
{
    public const string OutputVariable = "CIRCUITSPEC_WITNESS_OUT";
    public const string SeedVariable = "CIRCUITSPEC_WITNESS_SEED";
    public const string StormVariable = "CIRCUITSPEC_WITNESS_STORM";

    /// <summary>"1": only the feature visualization is made and written (what another seed must change).</summary>
    public const string VisualizationOnlyVariable = "CIRCUITSPEC_WITNESS_VISUALIZATION_ONLY";

    /// <summary>How many extra visualizations to run first, each with its own seed (more chances for a race to show).</summary>
    public const string RepeatVariable = "CIRCUITSPEC_WITNESS_REPEAT";
    public const string Method = $"CircuitSpec.Tests.Reliability.Processes.{nameof(PlantedRunWitness)}.{nameof(The_planted_circuit_gives_its_verdicts_numbers_and_pictures)}";

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void The_planted_circuit_gives_its_verdicts_numbers_and_pictures()
    {
        var folder = Environment.GetEnvironmentVariable(OutputVariable) ?? Directory.CreateTempSubdirectory("circuitspec-witness-").FullName;
        var seed = int.Parse(Environment.GetEnvironmentVariable(SeedVariable) ?? "7", CultureInfo.InvariantCulture);
        TorchRuntime.MakeDeterministic(threads: 2, seed: seed);
        using var storm = Environment.GetEnvironmentVariable(StormVariable) == "1" ? new CollectorStorm() : null;
        using var model = PlantedCircuit.Build();
        if (Environment.GetEnvironmentVariable(VisualizationOnlyVariable) == "1")
        {
            Visualization(model, seed).Picture.SavePng(Path.Combine(folder, "visualization.png"));
            return;
        }

        var verdicts = new StringBuilder();
        var claims = PlantedClaims.All.Take(8).ToList();
        var checks = claims.Select(c => (c.Sentence, ShouldHold: true, Check: (Action<Network>)c.Check))
            .Concat(claims.Take(4).SelectMany(c => c.Mutants.Take(1)).Select(m => (m.On(model).Sentence, ShouldHold: false, Check: (Action<Network>)m.Check)));
        var outcomes = new List<(bool ShouldHold, bool Held)>();
        foreach (var (sentence, shouldHold, check) in checks)
        {
            try
            {
                check(model);
                verdicts.AppendLine($"HOLDS {sentence}");
                outcomes.Add((shouldHold, true));
            }
            catch (XunitException e)
            {
                verdicts.AppendLine($"FAILS {sentence}\n{e.Message}");
                outcomes.Add((shouldHold, false));
            }
        }

        var numbers = new StringBuilder();
        var curves = model.Responses(PlantedStimuli.ArcsAround, Enumerable.Range(0, PlantedCircuit.CurveUnits).Select(j => (Feature)model.Curve(j)).ToList());
        var tuning = curves.Select(r => TuningCurve.OverOrientation(r)).ToList();
        foreach (var curve in tuning) numbers.AppendLine(string.Join(" ", curve.Points.Select(p => R(p.Response))));
        using (var scope = NewDisposeScope())
        {
            var sweep = model.Sweep(PlantedStimuli.Rings.Render(model.Input), Enumerable.Range(0, 10).Select(j => model.Curve(j).Zeroed()),
                model.CircleDetector(), cancellation: TestContext.Current.CancellationToken);
            foreach (var effect in sweep.Effects) numbers.AppendLine($"{effect.Variant}: {string.Join(" ", effect.Values.Select(v => R(v)))}");
        }
        var repeats = int.Parse(Environment.GetEnvironmentVariable(RepeatVariable) ?? "0", CultureInfo.InvariantCulture);
        for (var k = 1; k <= repeats; k++)
            model.Visualize(Objective.Channel("curves_relu", 2), new VisualizationOptions { Size = 48, Steps = 48, Seed = seed + k },
                cancellation: TestContext.Current.CancellationToken);
        var visualization = Visualization(model, seed);
        numbers.AppendLine($"visualization score {R(visualization.Score)}");

        AtomicFile.WriteText(Path.Combine(folder, "verdicts.txt"), verdicts.ToString());
        AtomicFile.WriteText(Path.Combine(folder, "numbers.txt"), numbers.ToString());
        visualization.Picture.SavePng(Path.Combine(folder, "visualization.png"));
        Plots.Tuning(tuning[2]).SavePng(Path.Combine(folder, "tuning.png"));
        WeightDiagram.Draw(model.CircleDetector(), "curves_relu").SavePng(Path.Combine(folder, "weights.png"));

        outcomes.Should().OnlyContain(o => o.ShouldHold == o.Held, "the planted circuit's true claims hold and their mutants fail:\n{0}", verdicts);
    }

    private static FeatureVisualization Visualization(Network model, int seed) =>
        model.Visualize(Objective.Channel("curves_relu", 2), new VisualizationOptions { Size = 48, Steps = 48, Seed = seed },
            cancellation: TestContext.Current.CancellationToken);
}
