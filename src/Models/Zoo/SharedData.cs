using CircuitSpec.Errors;

namespace CircuitSpec.Models.Zoo;

/// <summary>
/// Finds the project's shared real data (models, photos, ONNX conformance data): <c>$CIRCUITSPEC_SHARED</c>, else the
/// <c>shared/</c> folder beside the repository root (as in CI), searched upward from the running program.
/// </summary>
public static class SharedData
{
    public const string EnvironmentVariable = "CIRCUITSPEC_SHARED";

    /// <summary>The shared folder, or null when none is found.</summary>
    public static string? TryRoot()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv && Directory.Exists(fromEnv))
            return Path.GetFullPath(fromEnv);
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared");
                if (Directory.Exists(Path.Combine(candidate, "models")) || Directory.Exists(Path.Combine(candidate, "onnx-conformance")))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>A path inside the shared folder that must exist; otherwise a message that says how to provide it.</summary>
    public static string Require(params string[] relative)
    {
        var root = TryRoot();
        var looked = new List<string>();
        if (root is not null)
        {
            var path = Path.Combine([root, .. relative]);
            if (File.Exists(path) || Directory.Exists(path)) return path;
            looked.Add(path);
        }
        else
        {
            looked.Add($"${EnvironmentVariable} (not set or not a folder)");
            looked.Add("a 'shared' folder beside the repository root or any folder above the running program");
        }
        throw new MissingModelFileException(
            $"The shared data file '{string.Join('/', relative)}'", looked,
            $"Put the project's shared data folder beside the repository (../shared, as CI does) or set {EnvironmentVariable} to its path.");
    }
}
