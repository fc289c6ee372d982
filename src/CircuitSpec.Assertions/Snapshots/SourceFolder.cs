namespace CircuitSpec.Snapshots;

/// <summary>
/// Finds the folder of a test's source file on this machine. CI builds (ContinuousIntegrationBuild) map source paths
/// to "/_/relative/path" so that binaries are reproducible; the snapshots still live beside the real source file, so
/// a mapped path is resolved against the ancestors of the test assembly and of the working directory.
/// </summary>
internal static class SourceFolder
{
    public static string Of(string sourceFile)
    {
        var directory = Path.GetDirectoryName(sourceFile);
        if (!string.IsNullOrEmpty(directory) && Directory.Exists(directory)) return directory;

        var relative = MappedRelativePath(directory);
        if (relative is not null)
            foreach (var root in CandidateRoots())
            {
                var candidate = Path.Combine(root, relative);
                if (Directory.Exists(candidate)) return candidate;
            }

        throw new Errors.CircuitSpecException(
            $"Snapshots live beside the test's source file, but its folder '{directory}' does not exist on this machine, " +
            "and no ancestor of the test assembly or the working directory contains it. Set CIRCUITSPEC_SOURCE_ROOT to the repository root.");
    }

    /// <summary>"/_/specs/InceptionV1" → "specs/InceptionV1"; also "/_1/…" for a second source root; null when not mapped.</summary>
    internal static string? MappedRelativePath(string? directory)
    {
        if (string.IsNullOrEmpty(directory)) return null;
        var normalized = directory.Replace('\\', '/');
        if (!normalized.StartsWith("/_", StringComparison.Ordinal)) return null;
        var slash = normalized.IndexOf('/', 1);
        if (slash < 0) return null;
        var marker = normalized[1..slash];
        if (marker.Length < 1 || marker[0] != '_' || !marker[1..].All(char.IsDigit)) return null;
        return normalized[(slash + 1)..];
    }

    private static IEnumerable<string> CandidateRoots()
    {
        if (Environment.GetEnvironmentVariable("CIRCUITSPEC_SOURCE_ROOT") is { Length: > 0 } configured) yield return configured;
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                yield return dir.FullName;
    }
}
