using System.Runtime.CompilerServices;
using CircuitSpec.Pictures;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace CircuitSpec.Snapshots;

/// <summary>
/// <c>await picture.Should().MatchSnapshot()</c>: compares with <c>{test file's folder}/{Class}.{Method}_{name}.verified.png</c>
/// (Verify's file convention), pixel by pixel within a perceptual tolerance — for deterministic pictures (plots, weight
/// diagrams); feature visualizations are judged by what they mean to the model (<see cref="VisualizationAssertions"/>).
/// On a mismatch it writes <c>.received.png</c> and <c>.diff.png</c> beside it and fails with Verify's message block;
/// a missing snapshot fails too (it is never accepted automatically) and is written as <c>.received.png</c> for review —
/// <c>circuitspec accept</c> moves received → verified.
/// </summary>
public sealed class PictureAssertions(Picture subject) : ReferenceTypeAssertions<Picture, PictureAssertions>(subject)
{
    protected override string Identifier => "picture";

    public async Task<FluentAssertions.AndWhichConstraint<PictureAssertions, SnapshotCheck>> MatchSnapshot(SnapshotTolerance? tolerance = null,
        string? name = null, string because = "", [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
    {
        tolerance ??= SnapshotTolerance.Default;
        var file = SnapshotFile.ForCaller(sourceFile, method, name);
        var caption = name ?? method;
        SnapshotCheck check;
        string? failure = null;
        if (!File.Exists(file.Verified))
            (check, failure) = await file.ReceiveNew(Subject, caption).ConfigureAwait(false);
        else
        {
            var verified = Picture.Load(file.Verified);
            var difference = PictureComparison.Compare(Subject, verified, tolerance);
            string[] findings = [$"pixels: {difference.Describe(tolerance)}"];
            if (difference.Within(tolerance))
            {
                file.DeleteStale();
                check = SnapshotCheck.Passed(caption, file, findings);
            }
            else
            {
                await file.WriteForReview(Subject, verified).ConfigureAwait(false);
                failure = $"it differs from the verified snapshot: {difference.Describe(tolerance)}.\n" + file.Block("NotEqual") +
                          $"    Diff: {Path.GetFileName(file.Diff)}\nReview the diff, then run `{file.AcceptCommand}` to accept it.";
                check = SnapshotCheck.Failed(caption, file, findings);
            }
        }
        SnapshotLog.Record(check);
        Execute.Assertion.BecauseOf(because)
            .ForCondition(failure is null)
            .FailWith("Expected the picture to match its snapshot{reason}, but " + (failure ?? "").Replace("{", "{{").Replace("}", "}}"));
        return new FluentAssertions.AndWhichConstraint<PictureAssertions, SnapshotCheck>(this, check);
    }
}
