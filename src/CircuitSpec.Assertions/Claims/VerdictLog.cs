using System.Collections.Concurrent;
using CircuitSpec.Runtime;

namespace CircuitSpec.Claims;

/// <summary>
/// Every verdict reached in this process, in order (thread-safe), as text (<see cref="Verdict.Detached"/>): the log
/// lives as long as the process and must not keep the models its claims were about alive. Captures hold the verdicts
/// themselves, record and measurements included.
/// </summary>
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
    public static IDisposable ExpectingAnyOutcome(string reason) => AmbientScope.Set(CurrentExpectation, reason);

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
        Verdicts.Enqueue(recorded.Detached());
        for (var capture = CurrentCapture.Value; capture is not null; capture = capture.Outer) capture.Add(recorded);
        return recorded;
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
