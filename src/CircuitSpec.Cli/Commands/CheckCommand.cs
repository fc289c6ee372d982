using System.CommandLine;
using System.Diagnostics;

namespace CircuitSpec.Cli.Commands;

/// <summary>
/// <c>circuitspec check [filter]</c>: runs the claim specs (specs/), writes the HTML report and JUnit XML, and exits
/// with the verdict: 0 when every claim holds, non-zero otherwise.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var filter = new Argument<string?>("filter")
        {
            Description = "Only specs whose name contains this (e.g. InceptionV1, or CurveSpecs).",
            DefaultValueFactory = _ => null,
        };
        var command = new Command("check", "Run the claim specs and write artifacts/report/index.html; the exit code is the verdict.") { filter };
        command.SetAction(parse => Run(parse.GetValue(filter)));
        return command;
    }

    private static int Run(string? filter)
    {
        var root = Common.RepositoryRoot();
        var results = Path.Combine(root, "artifacts", "test-results");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, UseShellExecute = false };
        foreach (var argument in new[] { "test", Path.Combine("specs", "CircuitSpec.Specs.csproj"), "-c", "Release", "-nologo",
                     "--logger", $"junit;LogFilePath={Path.Combine(results, "{assembly}.junit.xml")}", "--logger", "console;verbosity=normal" })
            start.ArgumentList.Add(argument);
        if (filter is not null)
        {
            start.ArgumentList.Add("--filter");
            start.ArgumentList.Add($"FullyQualifiedName~{filter}");
        }
        using var process = Process.Start(start)!;
        process.WaitForExit();
        var report = Path.Combine(root, "artifacts", "report", "index.html");
        Console.WriteLine(File.Exists(report) ? $"report: {report}" : "no report was written (did the specs build?)");
        Console.WriteLine($"JUnit XML: {results}");
        Console.WriteLine(process.ExitCode == 0 ? "verdict: every claim holds" : "verdict: some claims fail or are inconclusive (see the report)");
        return process.ExitCode;
    }
}
