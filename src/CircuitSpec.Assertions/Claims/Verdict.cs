using System.Collections.Concurrent;
using System.Text;
using CircuitSpec.Measurements;
using CircuitSpec.Runtime;

namespace CircuitSpec.Claims;

/// <summary>Whether a claim held on the evidence.</summary>
public enum Outcome { Holds, Fails, Inconclusive }

/// <summary>
/// The result of checking one claim: the sentence, the outcome, what was found, and the evidence behind it (measured
/// numbers, thresholds, intervals, negative controls, the stimuli used). Every check records its verdict in
/// <see cref="VerdictLog"/>, for reports.
/// </summary>
public sealed record Verdict(string Claim, Outcome Outcome, string Finding, IReadOnlyList<string> Evidence)
{
    /// <summary>The test (spec) that reached this verdict, when known (see <see cref="TestHost.CurrentTestName"/>).</summary>
    public string? Test { get; init; }

    /// <summary>Measured series behind the verdict (tuning curves), drawn as small plots in the report.</summary>
    public IReadOnlyList<EvidenceSeries> Series { get; init; } = [];

    /// <summary>
    /// Why this claim was checked with any outcome accepted (a meta-spec that only needs a verdict), when it was;
    /// the report labels such a claim "expected to fail" instead of counting it as a failure.
    /// </summary>
    public string? Expectation { get; init; }

    /// <summary>Pictures behind the verdict (a property's minimal counter-example), as files the report shows.</summary>
    public IReadOnlyList<string> Pictures { get; init; } = [];

    public static Verdict Decide(string claim, bool holds, string finding, IReadOnlyList<string> evidence, string? inconclusive = null) =>
        new(claim, inconclusive is not null ? Outcome.Inconclusive : holds ? Outcome.Holds : Outcome.Fails,
            inconclusive is not null ? $"the evidence is inconclusive: {inconclusive}" : finding, evidence);

    public override string ToString()
    {
        var text = new StringBuilder($"{Outcome.ToString().ToUpperInvariant()}: {Claim} — {Finding}");
        foreach (var line in Evidence) text.Append("\n  ").Append(line);
        foreach (var series in Series) text.Append("\n  ").Append(series);
        foreach (var picture in Pictures) text.Append("\n  picture: ").Append(picture);
        return text.ToString();
    }
}

/// <summary>Every verdict reached in this process, in order (thread-safe).</summary>
public static class VerdictLog
{
    private static readonly ConcurrentQueue<Verdict> Verdicts = new();

    public static IReadOnlyList<Verdict> All => Verdicts.ToArray();

    private static readonly AsyncLocal<string?> CurrentExpectation = new();

    /// <summary>
    /// Within the returned scope (on this async flow), claims are checked with any outcome accepted, for the reason
    /// given: their verdicts carry <see cref="Verdict.Expectation"/>, and the report shows a failure among them as
    /// "expected to fail" rather than as a failing claim.
    /// </summary>
    public static IDisposable ExpectingAnyOutcome(string reason)
    {
        var before = CurrentExpectation.Value;
        CurrentExpectation.Value = reason;
        return new Restore(() => CurrentExpectation.Value = before);
    }

    private static readonly AsyncLocal<VerdictCapture?> CurrentCapture = new();

    /// <summary>
    /// Collects the verdicts reached on this async flow while the returned capture is open — never another test's,
    /// however many run in parallel (<see cref="All"/> holds every thread's, in the order they were reached).
    /// </summary>
    public static VerdictCapture Capture()
    {
        var capture = new VerdictCapture(CurrentCapture.Value);
        CurrentCapture.Value = capture;
        return capture;
    }

    internal static void EndCapture(VerdictCapture capture)
    {
        if (CurrentCapture.Value == capture) CurrentCapture.Value = capture.Outer;
    }

    /// <summary>Records the verdict as reached here: named after the running test, with the scope's expectation.</summary>
    internal static Verdict Record(Verdict verdict)
    {
        var recorded = verdict with { Test = TestHost.CurrentTestName, Expectation = CurrentExpectation.Value };
        Verdicts.Enqueue(recorded);
        for (var capture = CurrentCapture.Value; capture is not null; capture = capture.Outer) capture.Add(recorded);
        return recorded;
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}

/// <summary>The verdicts reached on one async flow while it is open (see <see cref="VerdictLog.Capture"/>); dispose to close it.</summary>
public sealed class VerdictCapture : IDisposable
{
    private readonly List<Verdict> _verdicts = [];

    internal VerdictCapture(VerdictCapture? outer) => Outer = outer;

    internal VerdictCapture? Outer { get; }

    public IReadOnlyList<Verdict> Verdicts
    {
        get { lock (_verdicts) return _verdicts.ToArray(); }
    }

    /// <summary>The last verdict reached, or null when none was.</summary>
    public Verdict? Last
    {
        get { lock (_verdicts) return _verdicts.Count == 0 ? null : _verdicts[^1]; }
    }

    internal void Add(Verdict verdict)
    {
        lock (_verdicts) _verdicts.Add(verdict);
    }

    public void Dispose() => VerdictLog.EndCapture(this);
}
