namespace CircuitSpec.Runtime;

/// <summary>Finds the repository a program runs in: the nearest folder at or above a start folder that holds CircuitSpec.sln.</summary>
public static class RepositoryRoot
{
    public const string SolutionFile = "CircuitSpec.sln";

    /// <summary>The folder holding <see cref="SolutionFile"/> at or above <paramref name="start"/>, or null when there is none.</summary>
    public static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        return null;
    }

    /// <summary>
    /// Where a run writes what a person reviews (counter-examples, reports): <c>artifacts/&lt;sub&gt;</c> under
    /// CIRCUITSPEC_ARTIFACTS when set, else under the repository the program runs in (found from the program's folder,
    /// then the working directory), else under the working directory — never inside build output.
    /// </summary>
    public static string Artifacts(string sub)
    {
        var root = Environment.GetEnvironmentVariable("CIRCUITSPEC_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Above(AppContext.BaseDirectory) ?? Above(Environment.CurrentDirectory) ?? Environment.CurrentDirectory, "artifacts");
        return Path.Combine(root, sub);
    }
}
