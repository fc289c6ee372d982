using CircuitSpec.Stimuli;

namespace CircuitSpec.Claims;

/// <summary>
/// A claim as a value — its subject, verb and parameters — which <see cref="Evaluate"/> turns into a
/// <see cref="Verdict"/>: refused first if it could not fail or never hold (<see cref="ClaimGuard"/>), then measured,
/// then decided. Its sentence and the verdict's text are rendered only when read, in invariant culture. The verbs
/// (<c>unit.Should().BeTunedTo(…)</c>) evaluate these records; variants are made with <c>with</c>, which is how the
/// ground-truth suites derive their false claims from true ones.
/// </summary>
public abstract record ClaimRecord
{
    /// <summary>What is claimed, as a failure message begins: "edges:3 to be tuned to orientation 90 ± 15".</summary>
    public abstract string Sentence { get; }

    /// <summary>Checks the claim on its subject's model and decides; throws <see cref="Errors.InvalidClaimException"/> for a claim no evidence could decide.</summary>
    public Verdict Evaluate()
    {
        Guard();
        return Decide() with { Record = this };
    }

    /// <summary>Refuses the claim when it is vacuous or impossible, before any evidence is gathered.</summary>
    protected abstract void Guard();

    /// <summary>Gathers the evidence and decides.</summary>
    protected abstract Verdict Decide();

    /// <summary>
    /// The verdict: holds, fails, or inconclusive when <paramref name="inconclusive"/> names why; its finding and
    /// evidence are rendered when read — so they format what was measured and never measure (the model may be gone by
    /// then); <paramref name="measurements"/> are the typed evidence.
    /// </summary>
    protected Verdict Verdict(bool holds, Func<string> finding, Func<IEnumerable<string>> evidence, string? inconclusive, params object[] measurements) =>
        Claims.Verdict.Decide(() => Sentence, holds, finding, () => [.. evidence()], inconclusive) with { Measurements = measurements };

    protected void Number(string name, double value) => ClaimGuard.Number(() => Sentence, name, value);

    protected void NotVacuous(bool vacuous, string why) => ClaimGuard.NotVacuous(() => Sentence, vacuous, why);

    protected void Possible(bool impossible, string why) => ClaimGuard.Possible(() => Sentence, impossible, why);

    protected void ResponseThreshold(double threshold, bool responsesAbove) => ClaimGuard.Threshold(() => Sentence, threshold, responsesAbove);

    protected static string F(double value) => ClaimGuard.F(value);

    protected static string P(double fraction, int decimals = 0) => ClaimGuard.P(fraction, decimals);

    /// <summary>"24 curve/line stimuli".</summary>
    protected static string Describe(StimulusSet stimuli) =>
        stimuli.Count == 0 ? "no stimuli" : $"{stimuli.Count} {string.Join("/", stimuli.Select(s => s.Kind).Distinct())} stimuli";

    public sealed override string ToString() => Sentence;
}
