using System.Collections.Concurrent;
using System.Text;

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
    /// <summary>The test (spec) that reached this verdict, when the host says (see <see cref="VerdictLog.CurrentTest"/>).</summary>
    public string? Test { get; init; }

    /// <summary>How an evidence line names a picture: "picture: path".</summary>
    public const string PicturePrefix = "picture: ";

    /// <summary>Pictures named in the evidence.</summary>
    public IEnumerable<string> Pictures => Evidence.Where(e => e.StartsWith(PicturePrefix, StringComparison.Ordinal)).Select(e => e[PicturePrefix.Length..]);

    public static Verdict Decide(string claim, bool holds, string finding, IReadOnlyList<string> evidence, string? inconclusive = null) =>
        new(claim, inconclusive is not null ? Outcome.Inconclusive : holds ? Outcome.Holds : Outcome.Fails,
            inconclusive is not null ? $"the evidence is inconclusive: {inconclusive}" : finding, evidence);

    public override string ToString()
    {
        var text = new StringBuilder($"{Outcome.ToString().ToUpperInvariant()}: {Claim} — {Finding}");
        foreach (var line in Evidence) text.Append("\n  ").Append(line);
        return text.ToString();
    }
}

/// <summary>Every verdict reached in this process, in order (thread-safe).</summary>
public static class VerdictLog
{
    private static readonly ConcurrentQueue<Verdict> Verdicts = new();

    public static IReadOnlyList<Verdict> All => Verdicts.ToArray();

    /// <summary>
    /// Names the test running on the calling thread; a test host sets it (the specs set it to xunit's current test) so
    /// that reports group verdicts and pictures by spec.
    /// </summary>
    public static Func<string?> CurrentTest { get; set; } = () => null;

    internal static void Record(Verdict verdict) => Verdicts.Enqueue(verdict with { Test = CurrentTest() });
}
