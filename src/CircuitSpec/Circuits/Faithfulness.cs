using System.Globalization;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Circuits;

/// <summary>
/// How much of a readout's response a circuit recovers under one ablation: (circuit only − every edge ablated) /
/// (full model − every edge ablated), mean over stimuli, with a percentile bootstrap interval over stimuli; beside it,
/// random circuits with as many edges into each target (the negative control).
/// </summary>
public sealed record FaithfulnessResult(EdgeAblation Ablation, string Readout, double Full, double Empty, double Circuit, double Recovered,
    Interval Interval, IReadOnlyList<double> RandomRecovered, string? Inconclusive)
{
    public double RandomMean => RandomRecovered.Count == 0 ? double.NaN : RandomRecovered.Average();

    public override string ToString() => Inconclusive is not null
        ? $"{Ablation.ToString().ToLowerInvariant()} ablation: inconclusive — {Inconclusive}"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Ablation.ToString().ToLowerInvariant()} ablation: recovers {Recovered:0.###} (95 % CI {Interval.Low:0.###}–{Interval.High:0.###}) of {Readout} " +
            $"(full {Full:G4}, circuit {Circuit:G4}, every edge ablated {Empty:G4}){(RandomRecovered.Count == 0 ? "" : $"; random circuits of the same size {RandomMean:0.###}")}");
}

/// <summary>
/// One subset K of a circuit's edges removed from the circuit and from the full model: the recovered fraction of each,
/// and the gap between them.
/// </summary>
public sealed record CompletenessGap(IReadOnlyList<EdgeRef> Removed, double CircuitWithout, double ModelWithout)
{
    public double Gap => Math.Abs(CircuitWithout - ModelWithout);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"without {(Removed.Count <= 3 ? string.Join(", ", Removed) : $"{Removed.Count} edges")}: the circuit keeps {CircuitWithout:0.###}, the model {ModelWithout:0.###} (gap {Gap:0.###})");
}

/// <summary>Faithfulness, completeness and minimality of a circuit (Wang et al. 2022), by edge-level ablation.</summary>
public static class Faithfulness
{
    public const int DefaultControls = 5;

    /// <summary>Random subsets of a circuit's edges the completeness test removes, beside all of them.</summary>
    public const int DefaultSubsets = 4;

    /// <summary>1 − |1 − recovered|, at least 0: how close a circuit comes to the full response, from below or above.</summary>
    public static double Closeness(double recovered) => double.IsFinite(recovered) ? Math.Max(0, 1 - Math.Abs(1 - recovered)) : 0;

    /// <summary>The recovered fraction of the readout with only the circuit's edges into each target.</summary>
    public static FaithfulnessResult Measure(Network model, IReadOnlyList<EdgeRef> edges, StimulusSet stimuli, EdgeAblation ablation,
        Feature? readout = null, int controls = DefaultControls, int seed = 0, string name = "circuit", StimulusSet? reference = null)
    {
        var circuit = new CircuitEdges(edges, readout, name);
        using var run = new CircuitEvaluation(model, circuit, stimuli, ablation, reference, seed);
        return Measure(run, model, circuit, ablation, controls, seed);
    }

    /// <summary>The same on an evaluation already set up (discovery's, for the circuit it chose among the same target's edges).</summary>
    internal static FaithfulnessResult Measure(CircuitEvaluation run, Network model, CircuitEdges circuit, EdgeAblation ablation, int controls, int seed)
    {
        var random = new Random(seed);
        var controlSets = Enumerable.Range(0, controls).Select(_ => RandomSources(model, circuit, random)).ToList();
        var sources = SourcesOf(circuit);
        return Recovery(run, circuit, t => SourceSelection.Only(sources(t)), controlSets, ablation, seed);
    }

    /// <summary>
    /// The IOI paper's completeness test: for subsets K of the circuit's edges — all of them, and
    /// <paramref name="subsets"/> drawn at random with the seed — the recovered fraction of the circuit without K
    /// against that of the full model without K. A complete circuit loses to K what the model loses (gap near 0); with
    /// K the whole circuit, the model's side is what is left of the effect without the circuit.
    /// </summary>
    public static IReadOnlyList<CompletenessGap> CompletenessGaps(Network model, IReadOnlyList<EdgeRef> edges, StimulusSet stimuli, EdgeAblation ablation,
        Feature? readout = null, int subsets = DefaultSubsets, int seed = 0, string name = "circuit", StimulusSet? reference = null)
    {
        var circuit = new CircuitEdges(edges, readout, name);
        using var run = new CircuitEvaluation(model, circuit, stimuli, ablation, reference, seed);
        return CompletenessGaps(run, circuit, subsets, seed);
    }

    /// <summary>The same on an evaluation already set up (discovery's, for the circuit it chose among the same target's edges).</summary>
    internal static IReadOnlyList<CompletenessGap> CompletenessGaps(CircuitEvaluation run, CircuitEdges circuit, int subsets, int seed)
    {
        var edges = circuit.Edges;
        var sources = SourcesOf(circuit);
        // No effect to explain: every gap is undefined.
        var (full, empty) = NoEffect(run) ? (double.NaN, double.NaN) : (run.Full.Average(), run.Empty.Average());
        var random = new Random(seed);
        var removals = new List<IReadOnlyList<EdgeRef>> { edges };
        for (var i = 0; i < subsets && edges.Count > 1; i++)
            removals.Add(edges.Where(_ => random.NextDouble() < 0.5).DefaultIfEmpty(edges[random.Next(edges.Count)]).ToList());
        var variants = removals.SelectMany(k =>
        {
            var removedInto = k.ToLookup(e => CircuitEdges.Key(e.Target), e => e.Source);
            return new[] { CircuitWithout(sources, k), t => SourceSelection.Except(removedInto[t.Key]) };
        }).ToList();
        var readouts = run.Readouts(variants);
        return removals.Select((k, i) => new CompletenessGap(k, Fraction(readouts[2 * i].Average(), full, empty), Fraction(readouts[2 * i + 1].Average(), full, empty))).ToList();
    }

    /// <summary>The recovered fraction with each edge of the circuit left out in turn, against the whole circuit's.</summary>
    public static (FaithfulnessResult Whole, IReadOnlyList<(EdgeRef Edge, double Recovered)> WithoutEach) LeaveOneOut(Network model,
        IReadOnlyList<EdgeRef> edges, StimulusSet stimuli, EdgeAblation ablation, Feature? readout = null, int seed = 0, string name = "circuit", StimulusSet? reference = null)
    {
        var circuit = new CircuitEdges(edges, readout, name);
        using var run = new CircuitEvaluation(model, circuit, stimuli, ablation, reference, seed);
        var whole = Recovery(run, circuit, t => SourceSelection.Only(t.Sources), [], ablation, seed);
        var (full, empty) = (run.Full.Average(), run.Empty.Average());
        var readouts = run.Readouts(edges.Select(e => CircuitWithout(t => t.Sources, [e])).ToList());
        var without = edges.Select((e, i) => (e, Fraction(readouts[i].Average(), full, empty))).ToList();
        return (whole, without);
    }

    // The circuit's sources into an evaluation's target. The evaluation may hold more edges into the same targets than
    // the circuit (discovery evaluates every edge into its unit once, then measures the circuit it chose on it).
    private static Func<CircuitEdges.TargetNode, IReadOnlyList<Feature>> SourcesOf(CircuitEdges circuit)
    {
        var byTarget = circuit.Targets.ToDictionary(t => t.Key, t => t.Sources);
        return t => byTarget.GetValueOrDefault(t.Key, []);
    }

    // The circuit less the removed edges: each target fed from its circuit sources but those.
    private static Func<CircuitEdges.TargetNode, SourceSelection> CircuitWithout(Func<CircuitEdges.TargetNode, IReadOnlyList<Feature>> sources,
        IEnumerable<EdgeRef> removed)
    {
        var gone = removed.Select(e => (CircuitEdges.Key(e.Target), CircuitEdges.Key(e.Source))).ToHashSet();
        return t => SourceSelection.Only(sources(t).Where(s => !gone.Contains((t.Key, CircuitEdges.Key(s)))));
    }

    // As many units into each target as the circuit has sources, drawn from the whole source layer.
    private static Dictionary<string, Feature[]> RandomSources(Network model, CircuitEdges circuit, Random random) =>
        circuit.Targets.ToDictionary(t => t.Key, t =>
        {
            var layer = model.DisplayName(t.SourcePoint);
            var all = Enumerable.Range(0, (int)model.ChannelCount(t.SourcePoint)).ToArray();
            random.Shuffle(all);
            return all.Take(t.Sources.Count).Select(c => (Feature)model.Unit(layer, c)).ToArray();
        });

    /// <summary>Where <paramref name="value"/> lies between every edge ablated (0) and the full model (1).</summary>
    internal static double Fraction(double value, double full, double empty) => (value - empty) / (full - empty);

    // The readout does not move, beyond float rounding, between every edge kept and none.
    private static bool NoEffect(CircuitEvaluation run) =>
        Math.Abs(run.Full.Average() - run.Empty.Average()) <= Statistics.SilenceFloor * Math.Max(run.Full.Concat(run.Empty).Select(Math.Abs).DefaultIfEmpty(0).Max(), 1e-30);

    private static FaithfulnessResult Recovery(CircuitEvaluation run, CircuitEdges circuit, Func<CircuitEdges.TargetNode, SourceSelection> keeps,
        IReadOnlyList<Dictionary<string, Feature[]>> controls, EdgeAblation ablation, int seed)
    {
        var (full, empty) = (run.Full, run.Empty);
        // The circuit and its random controls are evaluated together, batched.
        var readouts = run.Readouts([keeps, .. controls.Select(k => (Func<CircuitEdges.TargetNode, SourceSelection>)(t => SourceSelection.Only(k.GetValueOrDefault(t.Key, []))))]);
        var within = readouts[0];
        var (meanFull, meanEmpty, meanWithin) = (full.Average(), empty.Average(), within.Average());
        var inconclusive = Statistics.TooFew(circuit.Readout.ToString(), full.Length)
                           ?? (NoEffect(run)
                               ? string.Create(CultureInfo.InvariantCulture, $"{circuit.Readout} answers {meanFull:G4} with every edge and {meanEmpty:G4} with none: there is no effect to explain")
                               : null)
                           ?? Statistics.NonFinite(circuit.Readout.ToString(), [.. full, .. empty, .. within]);
        var randomRecovered = readouts.Skip(1).Select(r => Fraction(r.Average(), meanFull, meanEmpty)).ToList();
        return new FaithfulnessResult(ablation, circuit.Readout.ToString(), meanFull, meanEmpty, meanWithin, Fraction(meanWithin, meanFull, meanEmpty),
            Statistics.RatioInterval(within, empty, full, seed), randomRecovered, inconclusive);
    }
}
