using System.Text;
using System.Text.Json.Serialization;
using CircuitSpec.Measurements;
using CircuitSpec.Runtime;

namespace CircuitSpec.Claims;

/// <summary>Whether a claim held on the evidence.</summary>
public enum Outcome { Holds, Fails, Inconclusive }

/// <summary>
/// The result of checking one claim: the sentence, the outcome, what was found, and the evidence behind it — typed
/// (<see cref="Measurements"/>: the tuning curves, selectivity reports, ablation effects and kernels measured) and as
/// text, which is rendered once, when first read, in invariant culture. Every check records its verdict in
/// <see cref="VerdictLog"/> for reports, which keeps its text only (<see cref="Detached"/>).
/// </summary>
public sealed record Verdict
{
    private readonly Lazy<string> _claim;
    private readonly Lazy<string> _finding;
    private readonly Lazy<IReadOnlyList<string>> _evidence;

    [JsonConstructor]
    public Verdict(string claim, Outcome outcome, string finding, IReadOnlyList<string> evidence) : this(() => claim, outcome, () => finding, () => evidence)
    {
    }

    /// <summary>A verdict whose text is rendered when first read (each part once).</summary>
    public Verdict(Func<string> claim, Outcome outcome, Func<string> finding, Func<IReadOnlyList<string>> evidence)
    {
        _claim = new Lazy<string>(() => InvariantText.Render(claim));
        _finding = new Lazy<string>(() => InvariantText.Render(finding));
        _evidence = new Lazy<IReadOnlyList<string>>(() => InvariantText.Render(evidence));
        Outcome = outcome;
    }

    /// <summary>What was claimed: "edges:3 to be tuned to orientation 90 ± 15".</summary>
    public string Claim => _claim.Value;

    public Outcome Outcome { get; init; }

    /// <summary>What was found: "it prefers 88 (2 away)"; for an inconclusive verdict, why the evidence decides nothing.</summary>
    public string Finding => _finding.Value;

    /// <summary>The evidence as lines of text (measured numbers, thresholds, intervals, negative controls, the stimuli used).</summary>
    public IReadOnlyList<string> Evidence => _evidence.Value;

    /// <summary>Why the evidence decides nothing (a silent unit, too few stimuli, NaN weights), when the outcome is inconclusive.</summary>
    public string? Inconclusive { get; init; }

    /// <summary>The claim as a value (subject, verb, parameters), when it was made by one; variants are made from it with <c>with</c>.</summary>
    [JsonIgnore]
    public ClaimRecord? Record { get; init; }

    /// <summary>The typed evidence: the measurement records the verdict was decided on (read them with <see cref="Measured{T}"/>).</summary>
    [JsonIgnore]
    public IReadOnlyList<object> Measurements { get; init; } = [];

    /// <summary>The measurements of one kind: <c>verdict.Measured&lt;TuningCurve&gt;()</c>.</summary>
    public IEnumerable<T> Measured<T>() => Measurements.OfType<T>();

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
        Decide(() => claim, holds, () => finding, () => evidence, inconclusive);

    /// <summary>Holds, fails, or — when <paramref name="inconclusive"/> names a reason — is inconclusive; the text is rendered when read.</summary>
    public static Verdict Decide(Func<string> claim, bool holds, Func<string> finding, Func<IReadOnlyList<string>> evidence, string? inconclusive = null) =>
        new(claim, inconclusive is not null ? Outcome.Inconclusive : holds ? Outcome.Holds : Outcome.Fails,
            inconclusive is not null ? () => $"the evidence is inconclusive: {inconclusive}" : finding, evidence) { Inconclusive = inconclusive };

    /// <summary>
    /// The verdict as text alone — claim, finding and evidence rendered, with its series, pictures and names — without
    /// the record or the measurements, which hold the model the claim was about: what a process-wide log may keep.
    /// </summary>
    public Verdict Detached() => new(Claim, Outcome, Finding, Evidence)
    {
        Inconclusive = Inconclusive, Test = Test, Series = Series, Expectation = Expectation, Pictures = Pictures,
    };

    public override string ToString()
    {
        var text = new StringBuilder($"{Outcome.ToString().ToUpperInvariant()}: {Claim} — {Finding}");
        foreach (var line in Evidence) text.Append("\n  ").Append(line);
        foreach (var series in Series) text.Append("\n  ").Append(series);
        foreach (var picture in Pictures) text.Append("\n  picture: ").Append(picture);
        return text.ToString();
    }
}
