using System.Diagnostics;

namespace CircuitSpec.Tests.Reliability.Processes;

/// <summary>
/// Runs one test of this assembly in a new process: xunit v3 test assemblies are executables, so
/// <c>dotnet CircuitSpec.Tests.dll -method &lt;name&gt;</c> runs just that test, with the environment the caller adds.
/// </summary>
internal static class ChildProcess
{
    public static Process Start(string testMethod, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in new[] { typeof(ChildProcess).Assembly.Location, "-method", testMethod, "-noColor" })
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    /// <summary>Runs the test to the end; the process's exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string testMethod, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        using var process = Start(testMethod, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{testMethod} did not finish within {timeout.TotalSeconds:F0} s in a child process");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>What a failed child said about its failure: its output from the first failed test on (the runner's banner left out).</summary>
    public static string FailureOf(string output)
    {
        var start = output.IndexOf("[FAIL]", StringComparison.Ordinal);
        return start < 0 ? output : output[(output.LastIndexOf('\n', start) + 1)..];
    }
}
