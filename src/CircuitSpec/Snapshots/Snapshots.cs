using CircuitSpec.Pictures;

namespace CircuitSpec.Snapshots;

/// <summary>Entry points: <c>picture.Should()</c>, and accepting received snapshots.</summary>
public static class SnapshotExtensions
{
    public static PictureAssertions Should(this Picture picture) => new(picture);

    /// <summary>
    /// Accepts every received snapshot under <paramref name="root"/> (build output excluded): each
    /// <c>X.received.png</c> replaces <c>X.verified.png</c>, and its <c>X.diff.png</c> is removed. Returns the verified paths.
    /// </summary>
    public static IReadOnlyList<string> AcceptAll(string root)
    {
        var accepted = new List<string>();
        foreach (var received in Directory.EnumerateFiles(root, "*.received.png", SearchOption.AllDirectories).Order())
        {
            var relative = Path.GetRelativePath(root, received).Replace('\\', '/');
            if (relative.Contains("/bin/") || relative.Contains("/obj/") || relative.StartsWith("bin/") || relative.StartsWith("obj/")) continue;
            var verified = received[..^".received.png".Length] + ".verified.png";
            File.Move(received, verified, overwrite: true);
            var diff = received[..^".received.png".Length] + ".diff.png";
            if (File.Exists(diff)) File.Delete(diff);
            accepted.Add(verified);
        }
        return accepted;
    }
}

/// <summary>Every picture a check produced or compared in this process, with the test that made it (for the report).</summary>
public static class PictureLog
{
    private static readonly System.Collections.Concurrent.ConcurrentQueue<(string Path, string Caption, string? Test)> Pictures = new();

    public static IReadOnlyList<(string Path, string Caption, string? Test)> All => Pictures.ToArray();

    public static void Record(string path, string caption) => Pictures.Enqueue((Path.GetFullPath(path), caption, Claims.VerdictLog.CurrentTest()));
}
