using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CircuitSpec.Pictures;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace CircuitSpec.Snapshots;

/// <summary>
/// <c>await picture.Should().MatchSnapshot()</c>: compares with <c>{test file's folder}/{Class}.{Method}_{name}.verified.png</c>
/// (Verify's file convention). On a mismatch it writes <c>.received.png</c> and <c>.diff.png</c> beside it and fails
/// with Verify's message block; a missing snapshot fails too (it is never accepted automatically) and is written as
/// <c>.received.png</c> for review — <c>circuitspec accept</c> moves received → verified.
/// </summary>
public sealed partial class PictureAssertions(Picture subject) : ReferenceTypeAssertions<Picture, PictureAssertions>(subject)
{
    protected override string Identifier => "picture";

    public async Task<FluentAssertions.AndConstraint<PictureAssertions>> MatchSnapshot(SnapshotTolerance? tolerance = null, string? name = null,
        string because = "", [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
    {
        tolerance ??= SnapshotTolerance.Default;
        var file = SnapshotFile.For(sourceFile, CallingClass(method) ?? Path.GetFileNameWithoutExtension(sourceFile), method, name);
        var received = Subject.EncodePng();
        string? failure = null;
        if (!File.Exists(file.Verified))
        {
            await Task.Run(() => AtomicFile.Write(file.Received, received)).ConfigureAwait(false);
            failure = $"there is no verified snapshot{(SnapshotFile.OnCi ? " (on CI a new snapshot is never accepted)" : "")}.\n" +
                      file.Block("New") + "Review the received picture, then run `circuitspec accept` (or rename it to .verified.png) and commit it.";
        }
        else
        {
            var verified = Picture.Load(file.Verified);
            var difference = PictureComparison.Compare(Subject, verified, tolerance);
            if (difference.Within(tolerance))
            {
                file.DeleteStale();
                PictureLog.Record(file.Verified, name ?? method);
            }
            else
            {
                await Task.Run(() =>
                {
                    AtomicFile.Write(file.Received, received);
                    PictureComparison.Diff(Subject, verified).SavePng(file.Diff);
                }).ConfigureAwait(false);
                failure = $"it differs from the verified snapshot: {difference.Describe(tolerance)}.\n" + file.Block("NotEqual") +
                          $"    Diff: {Path.GetFileName(file.Diff)}\n";
                PictureLog.Record(file.Received, $"{name ?? method} (received, differs from verified)");
            }
        }
        Execute.Assertion.BecauseOf(because)
            .ForCondition(failure is null)
            .FailWith("Expected the picture to match its snapshot{reason}, but " + (failure ?? "").Replace("{", "{{").Replace("}", "}}"));
        return new FluentAssertions.AndConstraint<PictureAssertions>(this);
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

/// <summary>The files of one snapshot, by Verify's convention.</summary>
internal sealed record SnapshotFile(string Directory, string Stem)
{
    public string Verified => Path.Combine(Directory, Stem + ".verified.png");
    public string Received => Path.Combine(Directory, Stem + ".received.png");
    public string Diff => Path.Combine(Directory, Stem + ".diff.png");

    /// <summary>Whether this run is on CI (the CI variable GitHub and most CI systems set, or CIRCUITSPEC_CI).</summary>
    public static bool OnCi =>
        Environment.GetEnvironmentVariable("CI") is "true" or "1" or "True" || Environment.GetEnvironmentVariable("CIRCUITSPEC_CI") is { Length: > 0 };

    public static SnapshotFile For(string sourceFile, string className, string method, string? name)
    {
        var directory = SourceFolder.Of(sourceFile);
        var suffix = string.IsNullOrEmpty(name) ? "" : "_" + FileNames.Safe(name);
        return new SnapshotFile(directory, $"{className}.{method}{suffix}");
    }

    public string Block(string kind) =>
        $"Directory: {Directory}\n{kind}:\n  - Received: {Path.GetFileName(Received)}\n    Verified: {Path.GetFileName(Verified)}\n";

    public void DeleteStale()
    {
        if (File.Exists(Received)) File.Delete(Received);
        if (File.Exists(Diff)) File.Delete(Diff);
    }
}
