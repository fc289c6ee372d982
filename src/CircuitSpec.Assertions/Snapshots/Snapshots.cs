using CircuitSpec.Pictures;

namespace CircuitSpec.Snapshots;

/// <summary>Entry points: <c>picture.Should()</c>, and accepting received snapshots.</summary>
public static class SnapshotExtensions
{
    public static PictureAssertions Should(this Picture picture) => new(picture);

    public static VisualizationAssertions Should(this Visualization.FeatureVisualization visualization) => new(visualization);

    /// <summary>
    /// Accepts every received snapshot under <paramref name="root"/> (build output excluded), or the one received
    /// picture <paramref name="root"/> names: each <c>X.received.png</c> replaces <c>X.verified.png</c>, and its
    /// <c>X.diff.png</c> is removed. Returns the verified paths.
    /// </summary>
    public static IReadOnlyList<string> AcceptAll(string root)
    {
        if (File.Exists(root))
        {
            if (!root.EndsWith(".received.png", StringComparison.Ordinal))
                throw new Errors.CircuitSpecException($"'{root}' is not a received snapshot (X.received.png); name one, or a folder to accept all under it.");
            return [Accept(root)];
        }
        if (!Directory.Exists(root)) throw new Errors.CircuitSpecException($"'{root}' is neither a folder nor a received snapshot.");
        var accepted = new List<string>();
        foreach (var received in Directory.EnumerateFiles(root, "*.received.png", SearchOption.AllDirectories).Order())
        {
            var relative = Path.GetRelativePath(root, received).Replace('\\', '/');
            if (relative.Contains("/bin/") || relative.Contains("/obj/") || relative.StartsWith("bin/") || relative.StartsWith("obj/")) continue;
            accepted.Add(Accept(received));
        }
        return accepted;
    }

    private static string Accept(string received)
    {
        var verified = received[..^".received.png".Length] + ".verified.png";
        File.Move(received, verified, overwrite: true);
        var diff = received[..^".received.png".Length] + ".diff.png";
        if (File.Exists(diff)) File.Delete(diff);
        return verified;
    }
}

/// <summary>
/// One snapshot comparison, for the report: the verified picture, and when it did not match the received picture and
/// the diff beside it, what was measured (semantic numbers, pixel statistics) and the command that accepts it.
/// </summary>
public sealed record SnapshotCheck(string Name, SnapshotStatus Status, string Verified, string? Received, string? Diff,
    IReadOnlyList<string> Findings, string AcceptCommand)
{
    /// <summary>The test (spec) that made the check, when the host says (see <see cref="Runtime.TestHost.CurrentTestName"/>).</summary>
    public string? Test { get; init; }

    public bool Matched => Status == SnapshotStatus.Matched;

    internal static SnapshotCheck Passed(string name, SnapshotFile file, IReadOnlyList<string> findings) =>
        new(name, SnapshotStatus.Matched, file.Verified, null, null, findings, file.AcceptCommand);

    internal static SnapshotCheck Failed(string name, SnapshotFile file, IReadOnlyList<string> findings) =>
        new(name, SnapshotStatus.Differs, file.Verified, file.Received, file.Diff, findings, file.AcceptCommand);

    internal static SnapshotCheck Missing(string name, SnapshotFile file) =>
        new(name, SnapshotStatus.New, file.Verified, file.Received, null, ["there is no verified snapshot yet"], file.AcceptCommand);
}

public enum SnapshotStatus { Matched, Differs, New }

/// <summary>Every snapshot checked in this process, with the test that checked it (for the report).</summary>
public static class SnapshotLog
{
    private static readonly System.Collections.Concurrent.ConcurrentQueue<SnapshotCheck> Checks = new();

    public static IReadOnlyList<SnapshotCheck> All => Checks.ToArray();

    internal static void Record(SnapshotCheck check) => Checks.Enqueue(check with { Test = Runtime.TestHost.CurrentTestName });
}
