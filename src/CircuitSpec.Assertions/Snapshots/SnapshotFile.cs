using System.Diagnostics;
using System.Text.RegularExpressions;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;

namespace CircuitSpec.Snapshots;

/// <summary>The files of one snapshot, by Verify's convention.</summary>
internal sealed partial record SnapshotFile(string Directory, string Stem)
{
    public string Verified => Path.Combine(Directory, Stem + ".verified.png");
    public string Received => Path.Combine(Directory, Stem + ".received.png");
    public string Diff => Path.Combine(Directory, Stem + ".diff.png");

    /// <summary>Whether this run is on CI (the CI variable GitHub and most CI systems set, or CIRCUITSPEC_CI).</summary>
    public static bool OnCi =>
        Environment.GetEnvironmentVariable("CI") is "true" or "1" or "True" || Environment.GetEnvironmentVariable("CIRCUITSPEC_CI") is { Length: > 0 };

    /// <summary>
    /// Whether a snapshot that matched but whose bytes differ still writes its received picture (CIRCUITSPEC_RECEIVE_ALL=1),
    /// so that <c>circuitspec accept</c> can re-record snapshots, for example in reproducible mode after a change of recipe.
    /// </summary>
    public static bool ReceiveAll => Environment.GetEnvironmentVariable("CIRCUITSPEC_RECEIVE_ALL") is "1" or "true";

    /// <summary>The snapshot of the test method <paramref name="method"/> in <paramref name="sourceFile"/>, its class found on the stack.</summary>
    public static SnapshotFile ForCaller(string sourceFile, string method, string? name) =>
        For(sourceFile, CallingClass(method) ?? Path.GetFileNameWithoutExtension(sourceFile), method, name);

    public static SnapshotFile For(string sourceFile, string className, string method, string? name)
    {
        var directory = SourceFolder.Of(sourceFile);
        var suffix = string.IsNullOrEmpty(name) ? "" : "_" + FileNames.Safe(name);
        return new SnapshotFile(directory, $"{className}.{method}{suffix}");
    }

    public string Block(string kind) =>
        $"Directory: {Directory}\n{kind}:\n  - Received: {Path.GetFileName(Received)}\n    Verified: {Path.GetFileName(Verified)}\n";

    /// <summary>The command that accepts this snapshot's received picture, with the path relative to the repository when there is one.</summary>
    public string AcceptCommand
    {
        get
        {
            var root = RepositoryRoot.Above(Directory);
            var path = root is null ? Received : Path.GetRelativePath(root, Received);
            return $"circuitspec accept {path}";
        }
    }

    public void DeleteStale()
    {
        if (File.Exists(Received)) File.Delete(Received);
        if (File.Exists(Diff)) File.Delete(Diff);
    }

    /// <summary>Writes the received picture (and, beside a verified one, the diff) for review.</summary>
    public Task WriteForReview(Picture received, Picture? verified) => Task.Run(() =>
    {
        AtomicFile.Write(Received, received.EncodePng());
        if (verified is not null) PictureComparison.Diff(received, verified).SavePng(Diff);
    });

    /// <summary>
    /// A snapshot that has no verified picture yet: writes the received one for review and returns the check and the
    /// failure text (a new snapshot is never accepted automatically).
    /// </summary>
    public async Task<(SnapshotCheck Check, string Failure)> ReceiveNew(Picture received, string caption)
    {
        await WriteForReview(received, null).ConfigureAwait(false);
        return (SnapshotCheck.Missing(caption, this),
            $"there is no verified snapshot{(OnCi ? " (on CI a new snapshot is never accepted)" : "")}.\n" +
            Block("New") + $"Review the received picture, then run `{AcceptCommand}` (or rename it to .verified.png) and commit it.");
    }

    // The test class, found on the stack: the frame of the calling method (or of its async state machine, nested in the class).
    private static string? CallingClass(string method)
    {
        foreach (var frame in new StackTrace().GetFrames())
        {
            var m = frame.GetMethod();
            var type = m?.DeclaringType;
            if (type is null) continue;
            if (m!.Name == method) return type.Name;
            if (m.Name == "MoveNext" && type.DeclaringType is { } outer && StateMachine().Match(type.Name) is { Success: true } match && match.Groups[1].Value == method)
                return outer.Name;
        }
        return null;
    }

    [GeneratedRegex(@"^<(.+)>d__\d+$")]
    private static partial Regex StateMachine();
}
