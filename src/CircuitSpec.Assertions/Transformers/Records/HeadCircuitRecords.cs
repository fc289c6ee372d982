using CircuitSpec.Circuits;
using CircuitSpec.Claims;

namespace CircuitSpec.Models.Transformers;

/// <summary>What the head-circuit claims share: the circuit, the texts, and the ablations of the candidate heads' outputs (zero and mean unless named).</summary>
public abstract record HeadCircuitClaim(HeadCircuit Subject, TextStimulusSet On, IReadOnlyList<EdgeAblation>? Ablations, int Seed) : ClaimRecord
{
    private static readonly EdgeAblation[] ZeroAndMean = [EdgeAblation.Zero, EdgeAblation.Mean];

    protected IReadOnlyList<EdgeAblation> Kinds => Ablations ?? ZeroAndMean;

    protected string KindNames => string.Join(", ", Kinds.Select(Kind));

    protected static string Kind(EdgeAblation ablation) => ablation.ToString().ToLowerInvariant();

    protected static string Range(IEnumerable<HeadRecovery> results) =>
        string.Join(", ", results.Select(r => $"{F(r.Recovered)} ({Kind(r.Ablation)}, 95 % CI {F(r.Interval.Low)}–{F(r.Interval.High)}" +
                                              $"{(r.RandomRecovered.Count == 0 ? "" : $"; random {F(r.RandomMean)}")})"));
}

/// <summary>
/// With every candidate head outside the circuit ablated, the metric keeps between <see cref="MinRecovered"/> and
/// 2 − it of its distance from the all-ablated value to the full model's, under each ablation; random head sets of the
/// same size are reported beside it.
/// </summary>
public sealed record HeadCircuitFaithful(HeadCircuit Subject, TextStimulusSet On, double MinRecovered = 0.8, IReadOnlyList<EdgeAblation>? Ablations = null,
    int Controls = 5, int Seed = 0) : HeadCircuitClaim(Subject, On, Ablations, Seed)
{
    public override string Sentence => $"{Subject} to recover {F(MinRecovered)}–{F(2 - MinRecovered)} of {Subject.Metric} under {KindNames} ablation";

    protected override void Guard()
    {
        Number("minRecovered", MinRecovered);
        NotVacuous(Kinds.Count == 0 || MinRecovered <= 0, "with no ablation, or nothing to recover, nothing could fail it");
        Possible(MinRecovered > 1, "no circuit comes closer to the full model than recovering all of it");
    }

    protected override Verdict Decide()
    {
        var results = Kinds.Select(a => HeadCircuitFaithfulness.Measure(Subject, Subject.Heads, On, a, Controls, Seed)).ToList();
        var off = results.Where(r => Faithfulness.Closeness(r.Recovered) < MinRecovered).ToList();
        return Verdict(off.Count == 0, () => $"it recovers {Range(off.Count == 0 ? results : off)}",
            () => [.. results.Select(r => r.ToString()), $"stimuli: {On.Name}"], results.Select(r => r.Inconclusive).FirstOrDefault(r => r is not null), [.. results]);
    }
}

/// <summary>With the circuit's heads ablated and every other head intact, at most <see cref="MaxLeft"/> of the metric's effect is left.</summary>
public sealed record HeadCircuitComplete(HeadCircuit Subject, TextStimulusSet On, double MaxLeft = 0.2, IReadOnlyList<EdgeAblation>? Ablations = null, int Seed = 0)
    : HeadCircuitClaim(Subject, On, Ablations, Seed)
{
    public override string Sentence => $"{Subject} to be complete: without its heads at most {F(MaxLeft)} of {Subject.Metric}'s effect is left, under {KindNames} ablation";

    protected override void Guard()
    {
        Number("maxLeft", MaxLeft);
        NotVacuous(Kinds.Count == 0 || MaxLeft >= 1, "nothing can be left of more than the whole effect");
    }

    protected override Verdict Decide()
    {
        var outside = HeadCircuitFaithfulness.Candidates(Subject).Except(Subject.Heads).ToList();
        var results = Kinds.Select(a => HeadCircuitFaithfulness.Measure(Subject, outside, On, a, 0, Seed)).ToList();
        var over = results.Where(r => !(r.Recovered <= MaxLeft)).ToList();
        return Verdict(over.Count == 0, () => $"without it, {Range(over.Count == 0 ? results : over)} is left",
            () => [.. results.Select(r => $"without the circuit's heads, {r}"), $"stimuli: {On.Name}"],
            results.Select(r => r.Inconclusive).FirstOrDefault(r => r is not null), [.. results]);
    }
}

/// <summary>Leaving any one head out of the circuit costs at least <see cref="MinDrop"/> of its closeness to the full model.</summary>
public sealed record HeadCircuitMinimal(HeadCircuit Subject, TextStimulusSet On, double MinDrop = 0.05, IReadOnlyList<EdgeAblation>? Ablations = null, int Seed = 0)
    : HeadCircuitClaim(Subject, On, Ablations, Seed)
{
    public override string Sentence =>
        $"{Subject} to be minimal: leaving out any one head costs at least {F(MinDrop)} of {Subject.Metric} recovered, under {KindNames} ablation";

    protected override void Guard()
    {
        Number("minDrop", MinDrop);
        NotVacuous(Kinds.Count == 0 || MinDrop <= 0, "no head can cost less than nothing");
    }

    protected override Verdict Decide()
    {
        var runs = Kinds.Select(a => (Ablation: a, Whole: HeadCircuitFaithfulness.Measure(Subject, Subject.Heads, On, a, 0, Seed),
            Without: Subject.Heads.Select(h => (Head: h, Result: HeadCircuitFaithfulness.Measure(Subject, Subject.Heads.Where(o => o != h).ToList(), On, a, 0, Seed)))
                .ToList())).ToList();
        var redundant = runs.SelectMany(r => r.Without
            .Where(w => Faithfulness.Closeness(r.Whole.Recovered) - Faithfulness.Closeness(w.Result.Recovered) < MinDrop)
            .Select(w => (r.Ablation, r.Whole, w.Head, w.Result))).ToList();
        return Verdict(redundant.Count == 0,
            () => redundant.Count == 0 ? "every head is needed"
                : $"leaving out these costs less: {string.Join("; ", redundant.Select(x => $"{x.Head.Label} ({Kind(x.Ablation)}: {F(x.Whole.Recovered)} → {F(x.Result.Recovered)})"))}",
            () => runs.SelectMany(r => r.Without.Select(w => $"{Kind(r.Ablation)}: without {w.Head.Label}, recovers {F(w.Result.Recovered)} (whole {F(r.Whole.Recovered)})")),
            runs.Select(r => r.Whole.Inconclusive).FirstOrDefault(i => i is not null), [.. runs.Select(r => r.Whole), .. runs.SelectMany(r => r.Without.Select(w => w.Result))]);
    }
}
