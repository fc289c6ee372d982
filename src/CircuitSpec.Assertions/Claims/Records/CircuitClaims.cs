using System.Globalization;
using CircuitSpec.Circuits;
using CircuitSpec.Features;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;

namespace CircuitSpec.Claims;

/// <summary>Every edge of the circuit has its sign, with a net weight beyond its threshold.</summary>
public sealed record CircuitHolds(Circuit Subject) : ClaimRecord
{
    public override string Sentence => $"{Subject} to hold";

    protected override void Guard() => NotVacuous(Subject.Edges.Count == 0, "the circuit has no edges, and \"every edge holds\" is then always true");

    protected override Verdict Decide()
    {
        // One read of the input weights per target and source layer (expanded weights cost a pass each), not one per edge.
        var inputs = Subject.Edges.Select(e => (e.Target, e.Source.Layer)).Distinct().ToDictionary(k => k, k => k.Target.EffectiveInputWeights(k.Layer));
        var checks = Subject.Edges.Select(e => (Edge: e, Kernel: inputs[(e.Target, e.Source.Layer)].For(e.Source))).ToList();
        var broken = checks.Where(c => c.Edge.Sign * c.Kernel.Sum <= c.Edge.MinWeight).ToList();
        static string Net(double v) => v.ToString("+0.###;-0.###", CultureInfo.InvariantCulture);
        return Verdict(broken.Count == 0,
            () => broken.Count == 0 ? "every edge holds"
                : $"{broken.Count} of {checks.Count} edges do not: {string.Join("; ", broken.Select(b => $"{b.Edge} has net weight {Net(b.Kernel.Sum)}"))}",
            () => checks.Select(c => $"{(broken.Contains(c) ? "✗" : "✓")} {c.Edge}: net {Net(c.Kernel.Sum)} ({(c.Kernel.Expanded ? "expanded" : "direct")})"),
            KernelText.NonFinite(checks.Select(c => c.Kernel)), [.. checks.Select(c => c.Kernel)]);
    }
}

/// <summary>What the circuit claims share: the circuit, the stimuli, the ablations, the readout and the reference images.</summary>
public abstract record CircuitAblationClaim(Circuit Subject, StimulusSet On, IReadOnlyList<EdgeAblation>? Ablations, Feature? Readout, StimulusSet? Reference, int Seed)
    : ClaimRecord
{
    private static readonly EdgeAblation[] EveryAblation = [EdgeAblation.Zero, EdgeAblation.Mean, EdgeAblation.Resample];

    /// <summary>The ablations named, or zero, mean and resample.</summary>
    protected IReadOnlyList<EdgeAblation> Kinds => Ablations ?? EveryAblation;

    protected string KindNames => Names(Kinds);

    protected static string Names(IEnumerable<EdgeAblation> ablations) => string.Join(", ", ablations.Select(a => a.ToString().ToLowerInvariant()));

    protected Networks.Network Model => Subject.Model ?? throw new Errors.CircuitSpecException($"{Subject} has no edges, so no model to run.");

    protected IReadOnlyList<EdgeRef> Edges => Subject.Edges.Select(e => new EdgeRef(e.Source, e.Target)).ToList();
}

/// <summary>
/// With each target fed only along the circuit's edges (every other incoming edge ablated), the readout — the
/// circuit's last target unless named — keeps between <see cref="MinRecovered"/> and 2 − it of the response the full
/// model gives over every edge ablated, under every ablation listed; random circuits of the same size are reported beside it.
/// </summary>
public sealed record Faithful(Circuit Subject, StimulusSet On, double MinRecovered = 0.8, IReadOnlyList<EdgeAblation>? Ablations = null, Feature? Readout = null,
    StimulusSet? Reference = null, int Controls = Faithfulness.DefaultControls, int Seed = 0) : CircuitAblationClaim(Subject, On, Ablations, Readout, Reference, Seed)
{
    public override string Sentence =>
        $"{Subject} to recover {F(MinRecovered)}–{F(2 - MinRecovered)} of {Readout?.ToString() ?? "its last target"}'s response under {KindNames} ablation";

    protected override void Guard()
    {
        Number("minRecovered", MinRecovered);
        NotVacuous(Kinds.Count == 0, "with no ablation named, there is nothing to hold under");
        NotVacuous(MinRecovered <= 0, "a circuit that recovers nothing recovers at least 0");
        Possible(MinRecovered > 1, "no circuit comes closer to the full response than recovering all of it");
    }

    protected override Verdict Decide()
    {
        var results = Kinds.Select(a => Faithfulness.Measure(Model, Edges, On, a, Readout, Controls, Seed, Subject.Name, Reference)).ToList();
        var off = results.Where(r => Faithfulness.Closeness(r.Recovered) < MinRecovered).ToList();
        return Verdict(off.Count == 0,
            () => off.Count == 0 ? $"it recovers {Range(results)}" : $"under {Names(off.Select(r => r.Ablation))} ablation it recovers {Range(off)}",
            () => [.. results.Select(r => r.ToString()), $"stimuli: {Describe(On)}"],
            results.Select(r => r.Inconclusive).FirstOrDefault(r => r is not null), [.. results]);
    }

    private static string Range(IReadOnlyList<FaithfulnessResult> results) =>
        string.Join(", ", results.Select(r => $"{F(r.Recovered)} ({r.Ablation.ToString().ToLowerInvariant()}, 95 % CI " +
            $"{F(r.Interval.Low)}–{F(r.Interval.High)}{(r.RandomRecovered.Count == 0 ? "" : $"; random {F(r.RandomMean)}")})"));
}

/// <summary>
/// The circuit is complete (the IOI paper's test): removing its edges from the full model leaves at most
/// <see cref="MaxLeft"/> of the effect, and for <see cref="Subsets"/> random subsets K of its edges, the circuit without
/// K and the model without K keep fractions within <see cref="MaxLeft"/> of each other, under every ablation listed.
/// </summary>
public sealed record Complete(Circuit Subject, StimulusSet On, double MaxLeft = 0.2, IReadOnlyList<EdgeAblation>? Ablations = null, Feature? Readout = null,
    StimulusSet? Reference = null, int Subsets = Faithfulness.DefaultSubsets, int Seed = 0) : CircuitAblationClaim(Subject, On, Ablations, Readout, Reference, Seed)
{
    public override string Sentence => $"{Subject} to be complete: without its edges, or any of {Subsets} random subsets of them, circuit and model differ by at most " +
                                       $"{F(MaxLeft)} of the effect, under {KindNames} ablation";

    protected override void Guard()
    {
        Number("maxLeft", MaxLeft);
        NotVacuous(Kinds.Count == 0 || double.IsPositiveInfinity(MaxLeft), "with no ablation named, or ∞ allowed, nothing could fail it");
        Possible(Subsets < 0, $"{Subsets} subsets cannot be drawn");
    }

    protected override Verdict Decide()
    {
        var runs = Kinds.Select(a => (Ablation: a, Gaps: Faithfulness.CompletenessGaps(Model, Edges, On, a, Readout, Subsets, Seed, Subject.Name, Reference))).ToList();
        var worst = runs.Select(r => (r.Ablation, Gap: r.Gaps.MaxBy(g => g.Gap)!)).ToList();
        var over = worst.Where(w => !(w.Gap.Gap <= MaxLeft)).ToList();
        static string Gap((EdgeAblation Ablation, CompletenessGap Gap) w) => $"{w.Ablation.ToString().ToLowerInvariant()}: {w.Gap}";
        return Verdict(over.Count == 0,
            () => over.Count == 0 ? $"the largest gap is {string.Join("; ", worst.Select(Gap))}" : string.Join("; ", over.Select(Gap)),
            () => [.. runs.SelectMany(r => r.Gaps.Select(g => $"{r.Ablation.ToString().ToLowerInvariant()}: {g}")), $"stimuli: {Describe(On)}"],
            runs.SelectMany(r => r.Gaps).Any(g => !double.IsFinite(g.Gap)) ? "the full model and the fully ablated one answer alike: there is no effect to explain" : null,
            [.. runs.SelectMany(r => r.Gaps)]);
    }
}

/// <summary>
/// Leaving out any one edge takes the circuit at least <see cref="MinDrop"/> further from the full response (its
/// closeness, 1 − |1 − recovered|), under every ablation listed; the evidence names the edges that are redundant.
/// </summary>
public sealed record Minimal(Circuit Subject, StimulusSet On, double MinDrop = 0.05, IReadOnlyList<EdgeAblation>? Ablations = null, Feature? Readout = null,
    StimulusSet? Reference = null, int Seed = 0) : CircuitAblationClaim(Subject, On, Ablations, Readout, Reference, Seed)
{
    public override string Sentence => $"{Subject} to be minimal: leaving out any one edge costs at least {F(MinDrop)} of the recovered response, under {KindNames} ablation";

    protected override void Guard()
    {
        Number("minDrop", MinDrop);
        NotVacuous(Kinds.Count == 0 || MinDrop <= 0, "no edge can cost less than nothing");
    }

    protected override Verdict Decide()
    {
        var runs = Kinds.Select(a => (Ablation: a, Result: Faithfulness.LeaveOneOut(Model, Edges, On, a, Readout, Seed, Subject.Name, Reference))).ToList();
        // Closeness to the full response, so that leaving out an inhibitory edge (the response overshoots) counts as a cost.
        var redundant = runs.SelectMany(r => r.Result.WithoutEach
                .Where(w => Faithfulness.Closeness(r.Result.Whole.Recovered) - Faithfulness.Closeness(w.Recovered) < MinDrop)
                .Select(w => $"{w.Edge} ({r.Ablation.ToString().ToLowerInvariant()}: {F(r.Result.Whole.Recovered)} → {F(w.Recovered)})")).ToList();
        return Verdict(redundant.Count == 0,
            () => redundant.Count == 0 ? "every edge is needed" : $"{redundant.Count} edge removals cost less: {string.Join("; ", redundant.Take(8))}{(redundant.Count > 8 ? "; …" : "")}",
            () => runs.SelectMany(r => r.Result.WithoutEach.Select(w => $"{r.Ablation.ToString().ToLowerInvariant()}: without {w.Edge}, recovers {F(w.Recovered)} (whole " +
                $"{F(r.Result.Whole.Recovered)})")),
            runs.Select(r => r.Result.Whole.Inconclusive).FirstOrDefault(r => r is not null), [.. runs.Select(r => r.Result)]);
    }
}
