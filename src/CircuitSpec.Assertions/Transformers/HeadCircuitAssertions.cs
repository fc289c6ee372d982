using CircuitSpec.Circuits;
using CircuitSpec.Claims;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Models.Transformers;

public static class HeadCircuitClaims
{
    public static HeadCircuitAssertions Should(this HeadCircuit circuit) => new(circuit);
}

/// <summary>
/// The circuit verbs of the vision circuits, for a circuit of heads: faithful (the circuit alone carries the metric),
/// complete (without it, little is left), minimal (every head is needed). Ablations are of the candidate heads' outputs
/// (zero, mean or resample over the same texts); the candidates are the heads the metric can depend on.
/// </summary>
public sealed class HeadCircuitAssertions(HeadCircuit subject) : ReferenceTypeAssertions<HeadCircuit, HeadCircuitAssertions>(subject)
{
    private static readonly EdgeAblation[] Both = [EdgeAblation.Zero, EdgeAblation.Mean];

    protected override string Identifier => "head circuit";

    /// <summary>
    /// With every candidate head outside the circuit ablated, the metric keeps between <paramref name="minRecovered"/>
    /// and 2 − it of its distance from the all-ablated value to the full model's, under each ablation (zero and mean by
    /// default); random head sets of the same size are reported beside it.
    /// </summary>
    public AndWhichConstraint<HeadCircuitAssertions, Verdict> BeFaithful(TextStimulusSet on, double minRecovered = 0.8, IReadOnlyList<EdgeAblation>? ablations = null,
        int controls = 5, int seed = 0, string because = "", params object[] becauseArgs)
    {
        ablations ??= Both;
        var claim = $"{Subject} to recover {F(minRecovered)}–{F(2 - minRecovered)} of {Subject.Metric} under {Kinds(ablations)} ablation";
        ClaimGuard.Number(claim, "minRecovered", minRecovered);
        ClaimGuard.NotVacuous(claim, ablations.Count == 0 || minRecovered <= 0, "with no ablation, or nothing to recover, nothing could fail it");
        ClaimGuard.Possible(claim, minRecovered > 1, "no circuit comes closer to the full model than recovering all of it");
        var results = ablations.Select(a => HeadCircuitFaithfulness.Measure(Subject, Subject.Heads, on, a, controls, seed)).ToList();
        var off = results.Where(r => Faithfulness.Closeness(r.Recovered) < minRecovered).ToList();
        return Conclude(Verdict.Decide(claim, off.Count == 0,
            off.Count == 0 ? $"it recovers {Range(results)}" : $"it recovers {Range(off)}",
            [.. results.Select(r => r.ToString()), $"stimuli: {on.Name}"], results.Select(r => r.Inconclusive).FirstOrDefault(r => r is not null)), because, becauseArgs);
    }

    /// <summary>With the circuit's heads ablated and every other head intact, at most <paramref name="maxLeft"/> of the metric's effect is left.</summary>
    public AndWhichConstraint<HeadCircuitAssertions, Verdict> BeComplete(TextStimulusSet on, double maxLeft = 0.2, IReadOnlyList<EdgeAblation>? ablations = null,
        int seed = 0, string because = "", params object[] becauseArgs)
    {
        ablations ??= Both;
        var claim = $"{Subject} to be complete: without its heads at most {F(maxLeft)} of {Subject.Metric}'s effect is left, under {Kinds(ablations)} ablation";
        ClaimGuard.Number(claim, "maxLeft", maxLeft);
        ClaimGuard.NotVacuous(claim, ablations.Count == 0 || maxLeft >= 1, "nothing can be left of more than the whole effect");
        var candidates = HeadCircuitFaithfulness.Candidates(Subject);
        var results = ablations.Select(a => HeadCircuitFaithfulness.Measure(Subject, candidates.Except(Subject.Heads).ToList(), on, a, 0, seed)).ToList();
        var over = results.Where(r => !(r.Recovered <= maxLeft)).ToList();
        return Conclude(Verdict.Decide(claim, over.Count == 0,
            $"without it, {Range(over.Count == 0 ? results : over)} is left",
            [.. results.Select(r => $"without the circuit's heads, {r}"), $"stimuli: {on.Name}"], results.Select(r => r.Inconclusive).FirstOrDefault(r => r is not null)),
            because, becauseArgs);
    }

    /// <summary>Leaving any one head out of the circuit costs at least <paramref name="minDrop"/> of its closeness to the full model.</summary>
    public AndWhichConstraint<HeadCircuitAssertions, Verdict> BeMinimal(TextStimulusSet on, double minDrop = 0.05, IReadOnlyList<EdgeAblation>? ablations = null,
        int seed = 0, string because = "", params object[] becauseArgs)
    {
        ablations ??= Both;
        var claim = $"{Subject} to be minimal: leaving out any one head costs at least {F(minDrop)} of {Subject.Metric} recovered, under {Kinds(ablations)} ablation";
        ClaimGuard.Number(claim, "minDrop", minDrop);
        ClaimGuard.NotVacuous(claim, ablations.Count == 0 || minDrop <= 0, "no head can cost less than nothing");
        var lines = new List<string>();
        var redundant = new List<string>();
        string? inconclusive = null;
        foreach (var ablation in ablations)
        {
            var whole = HeadCircuitFaithfulness.Measure(Subject, Subject.Heads, on, ablation, 0, seed);
            inconclusive ??= whole.Inconclusive;
            foreach (var head in Subject.Heads)
            {
                var without = HeadCircuitFaithfulness.Measure(Subject, Subject.Heads.Where(h => h != head).ToList(), on, ablation, 0, seed);
                var cost = Faithfulness.Closeness(whole.Recovered) - Faithfulness.Closeness(without.Recovered);
                lines.Add($"{Kind(ablation)}: without {head.Label}, recovers {F(without.Recovered)} (whole {F(whole.Recovered)})");
                if (cost < minDrop) redundant.Add($"{head.Label} ({Kind(ablation)}: {F(whole.Recovered)} → {F(without.Recovered)})");
            }
        }
        return Conclude(Verdict.Decide(claim, redundant.Count == 0,
            redundant.Count == 0 ? "every head is needed" : $"leaving out these costs less: {string.Join("; ", redundant)}", lines, inconclusive), because, becauseArgs);
    }

    private static string Range(IReadOnlyList<HeadRecovery> results) =>
        string.Join(", ", results.Select(r => $"{F(r.Recovered)} ({Kind(r.Ablation)}, 95 % CI {F(r.Interval.Low)}–{F(r.Interval.High)}" +
                                              $"{(r.RandomRecovered.Count == 0 ? "" : $"; random {F(r.RandomMean)}")})"));

    private static string Kinds(IReadOnlyList<EdgeAblation> ablations) => string.Join(", ", ablations.Select(Kind));

    private static string Kind(EdgeAblation ablation) => ablation.ToString().ToLowerInvariant();

    private static string F(double value) => ClaimGuard.F(value);

    private AndWhichConstraint<HeadCircuitAssertions, Verdict> Conclude(Verdict verdict, string because, object[] becauseArgs) =>
        Conclusion.Reach(this, verdict, because, becauseArgs);
}
