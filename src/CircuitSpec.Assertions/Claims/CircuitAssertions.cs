using System.Globalization;
using CircuitSpec.Circuits;
using CircuitSpec.Features;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

public sealed class CircuitAssertions(Circuit subject) : ReferenceTypeAssertions<Circuit, CircuitAssertions>(subject)
{
    protected override string Identifier => "circuit";

    /// <summary>Every edge has its sign, with a net weight beyond its threshold.</summary>
    public AndWhichConstraint<CircuitAssertions, Verdict> Hold(string because = "", params object[] becauseArgs)
    {
        ClaimGuard.NotVacuous($"{Subject} to hold", Subject.Edges.Count == 0, "the circuit has no edges, and \"every edge holds\" is then always true");
        // One read of the input weights per target and source layer (expanded weights cost a pass each), not one per edge.
        var inputs = Subject.Edges.Select(e => (e.Target, e.Source.Layer)).Distinct()
            .ToDictionary(k => k, k => k.Target.EffectiveInputWeights(k.Layer));
        var checks = Subject.Edges.Select(e => (Edge: e, Kernel: inputs[(e.Target, e.Source.Layer)].For(e.Source))).ToList();
        var broken = checks.Where(c => c.Edge.Sign * c.Kernel.Sum <= c.Edge.MinWeight).ToList();
        string Net(double v) => v.ToString("+0.###;-0.###", CultureInfo.InvariantCulture);
        var evidence = checks.Select(c => $"{(broken.Contains(c) ? "✗" : "✓")} {c.Edge}: net {Net(c.Kernel.Sum)} ({(c.Kernel.Expanded ? "expanded" : "direct")})").ToList();
        return Conclusion.Reach(this, Verdict.Decide($"{Subject} to hold", broken.Count == 0,
            broken.Count == 0 ? "every edge holds" : $"{broken.Count} of {checks.Count} edges do not: {string.Join("; ", broken.Select(b => $"{b.Edge} has net weight {Net(b.Kernel.Sum)}"))}",
            evidence, KernelText.NonFinite(checks.Select(c => c.Kernel))), because, becauseArgs);
    }

    private static readonly EdgeAblation[] EveryAblation = [EdgeAblation.Zero, EdgeAblation.Mean, EdgeAblation.Resample];

    private Networks.Network Model => Subject.Model ?? throw new Errors.CircuitSpecException($"{Subject} has no edges, so no model to run.");

    private IReadOnlyList<EdgeRef> EdgeRefs => Subject.Edges.Select(e => new EdgeRef(e.Source, e.Target)).ToList();

    private static string Kinds(IReadOnlyList<EdgeAblation> ablations) => string.Join(", ", ablations.Select(a => a.ToString().ToLowerInvariant()));

    /// <summary>
    /// With each target fed only along the circuit's edges (every other incoming edge ablated), the readout — the
    /// circuit's last target unless named — keeps between <paramref name="minRecovered"/> and 2 − it of the response
    /// the full model gives over every edge ablated (overshooting is no more faithful than falling short), under every ablation listed (zero, mean and resample by default). Random
    /// circuits with as many edges into each target are reported beside it. Mean and resample ablations take their
    /// values from <paramref name="reference"/> (default: <see cref="ReferenceStimuli.For"/> the model's input).
    /// </summary>
    public AndWhichConstraint<CircuitAssertions, Verdict> BeFaithful(StimulusSet on, double minRecovered = 0.8, IReadOnlyList<EdgeAblation>? ablations = null,
        Feature? readout = null, StimulusSet? reference = null, int controls = Faithfulness.DefaultControls, int seed = 0, string because = "",
        params object[] becauseArgs)
    {
        ablations ??= EveryAblation;
        var claim = $"{Subject} to recover {F(minRecovered)}–{F(2 - minRecovered)} of {readout?.ToString() ?? "its last target"}'s response under {Kinds(ablations)} ablation";
        ClaimGuard.Number(claim, "minRecovered", minRecovered);
        ClaimGuard.NotVacuous(claim, ablations.Count == 0, "with no ablation named, there is nothing to hold under");
        ClaimGuard.NotVacuous(claim, minRecovered <= 0, "a circuit that recovers nothing recovers at least 0");
        ClaimGuard.Possible(claim, minRecovered > 1, "no circuit comes closer to the full response than recovering all of it");
        var results = ablations.Select(a => Faithfulness.Measure(Model, EdgeRefs, on, a, readout, controls, seed, Subject.Name, reference)).ToList();
        var off = results.Where(r => Faithfulness.Closeness(r.Recovered) < minRecovered).ToList();
        return Conclusion.Reach(this, Verdict.Decide(claim, off.Count == 0,
            off.Count == 0 ? $"it recovers {Range(results)}" : $"under {Kinds(off.Select(r => r.Ablation).ToList())} ablation it recovers {Range(off)}",
            [.. results.Select(r => r.ToString()), $"stimuli: {UnitAssertions.Describe(on)}"],
            results.Select(r => r.Inconclusive).FirstOrDefault(r => r is not null)), because, becauseArgs);
    }

    /// <summary>
    /// The circuit is complete (the IOI paper's test): removing its edges from the full model leaves at most
    /// <paramref name="maxLeft"/> of the effect, and for <paramref name="subsets"/> random subsets K of its edges, the
    /// circuit without K and the model without K keep fractions within <paramref name="maxLeft"/> of each other —
    /// nothing outside the circuit makes up for what it loses — under every ablation listed.
    /// </summary>
    public AndWhichConstraint<CircuitAssertions, Verdict> BeComplete(StimulusSet on, double maxLeft = 0.2, IReadOnlyList<EdgeAblation>? ablations = null,
        Feature? readout = null, StimulusSet? reference = null, int subsets = Faithfulness.DefaultSubsets, int seed = 0, string because = "", params object[] becauseArgs)
    {
        ablations ??= EveryAblation;
        var claim = $"{Subject} to be complete: without its edges, or any of {subsets} random subsets of them, circuit and model differ by at most " +
                    $"{F(maxLeft)} of the effect, under {Kinds(ablations)} ablation";
        ClaimGuard.Number(claim, "maxLeft", maxLeft);
        ClaimGuard.NotVacuous(claim, ablations.Count == 0 || double.IsPositiveInfinity(maxLeft), "with no ablation named, or ∞ allowed, nothing could fail it");
        ClaimGuard.Possible(claim, subsets < 0, $"{subsets} subsets cannot be drawn");
        var runs = ablations.Select(a => (Ablation: a, Gaps: Faithfulness.CompletenessGaps(Model, EdgeRefs, on, a, readout, subsets, seed, Subject.Name, reference))).ToList();
        var worst = runs.Select(r => (r.Ablation, Gap: r.Gaps.MaxBy(g => g.Gap)!)).ToList();
        var over = worst.Where(w => !(w.Gap.Gap <= maxLeft)).ToList();
        string Describe((EdgeAblation Ablation, CompletenessGap Gap) w) => $"{w.Ablation.ToString().ToLowerInvariant()}: {w.Gap}";
        return Conclusion.Reach(this, Verdict.Decide(claim, over.Count == 0,
            over.Count == 0 ? $"the largest gap is {string.Join("; ", worst.Select(Describe))}" : $"{string.Join("; ", over.Select(Describe))}",
            [.. runs.SelectMany(r => r.Gaps.Select(g => $"{r.Ablation.ToString().ToLowerInvariant()}: {g}")), $"stimuli: {UnitAssertions.Describe(on)}"],
            runs.SelectMany(r => r.Gaps).Any(g => !double.IsFinite(g.Gap)) ? "the full model and the fully ablated one answer alike: there is no effect to explain" : null),
            because, becauseArgs);
    }

    /// <summary>
    /// Leaving out any one edge takes the circuit at least <paramref name="minDrop"/> further from the full response
    /// (its closeness, 1 − |1 − recovered|), under every
    /// ablation listed; the evidence names the edges that are redundant.
    /// </summary>
    public AndWhichConstraint<CircuitAssertions, Verdict> BeMinimal(StimulusSet on, double minDrop = 0.05, IReadOnlyList<EdgeAblation>? ablations = null,
        Feature? readout = null, StimulusSet? reference = null, int seed = 0, string because = "", params object[] becauseArgs)
    {
        ablations ??= EveryAblation;
        var claim = $"{Subject} to be minimal: leaving out any one edge costs at least {F(minDrop)} of the recovered response, under {Kinds(ablations)} ablation";
        ClaimGuard.Number(claim, "minDrop", minDrop);
        ClaimGuard.NotVacuous(claim, ablations.Count == 0 || minDrop <= 0, "no edge can cost less than nothing");
        var runs = ablations.Select(a => (Ablation: a, Result: Faithfulness.LeaveOneOut(Model, EdgeRefs, on, a, readout, seed, Subject.Name, reference))).ToList();
        // Closeness to the full response, so that leaving out an inhibitory edge (the response overshoots) counts as a cost.
        var redundant = runs.SelectMany(r => r.Result.WithoutEach
                .Where(w => Faithfulness.Closeness(r.Result.Whole.Recovered) - Faithfulness.Closeness(w.Recovered) < minDrop)
            .Select(w => $"{w.Edge} ({r.Ablation.ToString().ToLowerInvariant()}: {F(r.Result.Whole.Recovered)} → {F(w.Recovered)})")).ToList();
        return Conclusion.Reach(this, Verdict.Decide(claim, redundant.Count == 0,
            redundant.Count == 0 ? "every edge is needed" : $"{redundant.Count} edge removals cost less: {string.Join("; ", redundant.Take(8))}{(redundant.Count > 8 ? "; …" : "")}",
            [.. runs.SelectMany(r => r.Result.WithoutEach.Select(w => $"{r.Ablation.ToString().ToLowerInvariant()}: without {w.Edge}, recovers {F(w.Recovered)} (whole " +
                $"{F(r.Result.Whole.Recovered)})"))],
            runs.Select(r => r.Result.Whole.Inconclusive).FirstOrDefault(r => r is not null)), because, becauseArgs);
    }

    private static string Range(IReadOnlyList<FaithfulnessResult> results) =>
        string.Join(", ", results.Select(r => $"{F(r.Recovered)} ({r.Ablation.ToString().ToLowerInvariant()}, 95 % CI " +
            $"{F(r.Interval.Low)}–{F(r.Interval.High)}{(r.RandomRecovered.Count == 0 ? "" : $"; random {F(r.RandomMean)}")})"));

    private static string F(double value) => ClaimGuard.F(value);
}
