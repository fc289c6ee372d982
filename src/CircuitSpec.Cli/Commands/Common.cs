using System.CommandLine;
using CircuitSpec.Errors;
using CircuitSpec.Visualization;

namespace CircuitSpec.Cli.Commands;

/// <summary>Arguments and helpers the commands share.</summary>
internal static class Common
{
    public static Argument<string> ModelArgument() => new("model")
    {
        Description = $"A zoo name ({string.Join(", ", Models.Zoo.ModelZoo.Names)}) or a path to an .onnx file, a TF.js model.json, a Caffe folder, " +
                      "or a transformer's folder (one .onnx file and its vocab.txt).",
        DefaultValueFactory = _ => "inceptionv1",
    };

    public static Argument<string> UnitArgument() => new("unit") { Description = "The unit as layer:channel, e.g. mixed3b:379." };

    public static Option<string> DeviceOption() => new("--device") { Description = "cpu, cuda or cuda:N.", DefaultValueFactory = _ => "cpu" };

    /// <summary>The math mode every command runs in, chosen before libtorch first runs.</summary>
    public static void LoadMath() => Runtime.MathLibrary.Use(Runtime.MathMode.Reproducible);

    /// <summary>
    /// Loads a model by zoo name or path, with the math libraries in reproducible mode (the same seed gives the same
    /// pictures on any x86-64 CPU with AVX2; CIRCUITSPEC_MATH=native lets them take this CPU's fastest paths).
    /// </summary>
    public static Models.Graph.GraphNetwork LoadModel(string nameOrPath)
    {
        Runtime.MathLibrary.Use(Runtime.MathMode.Reproducible);
        return Models.Zoo.ModelZoo.Load(nameOrPath);
    }

    /// <summary>The repository root (the folder holding CircuitSpec.sln), searched upward from the current directory.</summary>
    public static string RepositoryRoot() =>
        Runtime.RepositoryRoot.Above(Environment.CurrentDirectory)
        ?? throw new CircuitSpecException($"No CircuitSpec.sln in '{Environment.CurrentDirectory}' or above it: run this command inside the repository.");
}

/// <summary>A one-line progress bar on standard error, redrawn in place.</summary>
internal sealed class ProgressBar(string label) : IProgress<VisualizationProgress>
{
    private int _shown = -1;

    public void Report(VisualizationProgress p)
    {
        var percent = p.Steps == 0 ? 100 : 100 * p.Step / p.Steps;
        if (percent == _shown) return;
        _shown = percent;
        var filled = percent * 30 / 100;
        Console.Error.Write($"\r{label} [{new string('#', filled)}{new string('.', 30 - filled)}] {percent,3}%  step {p.Step}/{p.Steps}  score {p.Score:F3}");
        if (p.Step == p.Steps) Console.Error.WriteLine();
    }
}

/// <summary>Progress lines on standard error as they are reported (<see cref="Progress{T}"/> would post them to the thread pool, out of order).</summary>
internal sealed class ProgressLines : IProgress<string>
{
    public void Report(string line) => Console.Error.WriteLine(line);
}
