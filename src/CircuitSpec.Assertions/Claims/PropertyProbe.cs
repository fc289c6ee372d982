using System.Text.RegularExpressions;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Stimuli;
using FsCheck;
using FsCheck.Fluent;

namespace CircuitSpec.Claims;

/// <summary>What a property-based probe found: the shrunk counter-example (if any), its picture, and FsCheck's replay seed.</summary>
public sealed record ProbeOutcome(int Evaluations, Stimulus? CounterExample, string? Point, float Response, string? Picture, string? Replay, string? FsCheckReport);

/// <summary>
/// Checks "for every stimulus in this region, the response satisfies …" with FsCheck: random points of the region,
/// and on failure the counter-example shrunk toward the region's centre, saved as a PNG under artifacts/counterexamples/.
/// </summary>
internal static partial class PropertyProbe
{
    public static ProbeOutcome Run(Feature feature, StimulusSpace space, Func<float, bool> holds, int tests, (ulong Seed, ulong Gamma)? replay)
    {
        Stimulus? counterExample = null;
        string? at = null;
        float response = float.NaN;
        var evaluations = 0;
        var cancellation = Cancellation.Current;
        bool Check(int[] point)
        {
            // FsCheck reports an exception thrown here as a failed property (and shrinks it, failing at once each time);
            // it is turned back into a cancellation below.
            cancellation.ThrowIfCancellationRequested();
            var stimulus = space.At(point);
            var value = feature.Model.Responses(new StimulusSet([stimulus]), feature).Values[0];
            evaluations++;
            if (holds(value)) return true;
            // FsCheck re-runs the property on ever smaller candidates; the last failure is the shrunk one.
            (counterExample, at, response) = (stimulus, space.Describe(point), value);
            return false;
        }

        var config = Config.QuickThrowOnFailure.WithMaxTest(tests).WithQuietOnSuccess(true);
        if (replay is { } r) config = config.WithReplay(r.Seed, r.Gamma);
        string? report = null;
        try
        {
            FsCheck.Check.One(config, Prop.ForAll(space.Arbitrary, Check));
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            throw new OperationCanceledException("The property probe was cancelled.", cancellation);
        }
        catch (Exception e) when (counterExample is not null)
        {
            report = e.Message;
        }
        if (counterExample is null) return new ProbeOutcome(evaluations, null, null, float.NaN, null, null, null);
        var picture = counterExample.SavePng(Path.Combine(Runtime.RepositoryRoot.Artifacts("counterexamples"),
            $"{FileNames.Safe(feature.Label)}-{FileNames.Safe(at!)}.png"), feature.Model.Input.Height);
        var seed = SeedPattern().Match(report ?? "");
        return new ProbeOutcome(evaluations, counterExample, at, response, picture, seed.Success ? $"replay: ({seed.Groups[1].Value}, {seed.Groups[2].Value})" : null, report);
    }

    [GeneratedRegex(@"\((\d{3,}),\s*(\d{3,})\)")]
    private static partial Regex SeedPattern();
}
