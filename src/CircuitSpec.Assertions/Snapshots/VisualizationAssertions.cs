using System.Runtime.CompilerServices;
using CircuitSpec.Pictures;
using CircuitSpec.Visualization;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace CircuitSpec.Snapshots;

/// <summary>
/// <c>await visualization.Should().MatchSnapshot()</c>: a feature visualization's snapshot judged by what the picture
/// means to the model, not by its pixels — another CPU, math library or GPU renders another picture of the same
/// feature. The verified picture and a fresh rendering are fed through the current model (<see cref="VisualizationMeaning"/>)
/// and compared under a <see cref="SemanticTolerance"/>. The snapshot stores the picture enlarged to
/// <c>displaySize</c>² (nearest neighbour, so pixels stay visible) and is shrunk back to the rendered size to be judged.
/// Pixel statistics and the diff are kept as evidence for the human; a failure writes <c>.received.png</c> and
/// <c>.diff.png</c> beside the verified file, as <see cref="PictureAssertions"/> does.
/// </summary>
public sealed class VisualizationAssertions(FeatureVisualization subject)
    : ReferenceTypeAssertions<FeatureVisualization, VisualizationAssertions>(subject)
{
    protected override string Identifier => "visualization";

    public async Task<FluentAssertions.AndWhichConstraint<VisualizationAssertions, SnapshotCheck>> MatchSnapshot(SemanticTolerance? tolerance = null,
        string? name = null, int displaySize = 256, string because = "", [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
    {
        tolerance ??= SemanticTolerance.Default;
        var file = SnapshotFile.ForCaller(sourceFile, method, name);
        var caption = name ?? method;
        var received = Subject.Picture.Resized(displaySize, displaySize);
        SnapshotCheck check;
        string? failure = null;
        if (!File.Exists(file.Verified))
            (check, failure) = await file.ReceiveNew(received, caption).ConfigureAwait(false);
        else
        {
            var verified = Picture.Load(file.Verified);
            var pixels = PictureComparison.Compare(received, verified, SnapshotTolerance.Default);
            var meaning = VisualizationMeaning.Measure(Subject.Model, Subject.Objective, Subject.Options.Size, verified, received);
            string[] findings = [tolerance.Describe(meaning), $"pixels (for the reviewer, not judged): {pixels.Describe(SnapshotTolerance.Default)}"];
            if (tolerance.Accepts(meaning))
            {
                file.DeleteStale();
                if (SnapshotFile.ReceiveAll && pixels.MaxChannelDifference > 0) await file.WriteForReview(received, verified).ConfigureAwait(false);
                check = SnapshotCheck.Passed(caption, file, findings);
            }
            else
            {
                await file.WriteForReview(received, verified).ConfigureAwait(false);
                failure = $"the verified picture no longer means the same to the model ({string.Join("; ", tolerance.Failures(meaning))}).\n" +
                          string.Join("\n", findings) + "\n" + file.Block("NotEqual") +
                          $"    Diff: {Path.GetFileName(file.Diff)}\nReview the pictures, then run `{file.AcceptCommand}` to accept the new one.";
                check = SnapshotCheck.Failed(caption, file, findings);
            }
        }
        SnapshotLog.Record(check);
        Execute.Assertion.BecauseOf(because)
            .ForCondition(failure is null)
            .FailWith($"Expected the visualization of {Subject.Objective} to match its snapshot{{reason}}, but " + (failure ?? "").Replace("{", "{{").Replace("}", "}}"));
        return new FluentAssertions.AndWhichConstraint<VisualizationAssertions, SnapshotCheck>(this, check);
    }
}
