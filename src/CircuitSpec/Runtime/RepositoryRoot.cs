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
}
