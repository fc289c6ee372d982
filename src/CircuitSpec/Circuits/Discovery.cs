using System.Globalization;
using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Stimuli;
using static TorchSharp.torch;

namespace CircuitSpec.Circuits;

/// <summary>How edges are scored.</summary>
public enum EdgeScoring
{
    /// <summary>Edge attribution patching: (ablated − clean) · ∂readout/∂source, one forward and one backward pass.</summary>
    AttributionPatching,
    /// <summary>The same with the gradient averaged along the path from the ablated to the clean activation (integrated gradients).</summary>
    IntegratedGradients,
    /// <summary>Each edge ablated on its own: one forward per source channel (the exact effect; the slow reference).</summary>
    OneAblationPerEdge,
    /// <summary>
    /// ACDC-style pruning: from every edge, each edge in turn (weakest by attribution patching first) is removed if the
    /// circuit without it still comes within the target recovery; one forward per edge. An edge's score is what removing
    /// it took from the circuit at its turn; the circuit is the edges that stayed.
    /// </summary>
    Pruning,
}

/// <summary>What <see cref="Discovery.Discover"/> does: scoring, ablation, the recovery to reach and the largest circuit to try.</summary>
public sealed record DiscoveryOptions
{
    public EdgeScoring Scoring { get; init; } = EdgeScoring.AttributionPatching;
    public EdgeAblation Ablation { get; init; } = EdgeAblation.Mean;
    /// <summary>How close to the full response the circuit must come: recovered within 1 ± (1 − this) (the smallest circuit, by score order, that does).</summary>
    public double TargetRecovery { get; init; } = 0.8;
    public int MaxEdges { get; init; } = 32;
    /// <summary>Points along the path for integrated gradients.</summary>
    public int Steps { get; init; } = 8;
    public int Seed { get; init; }
    /// <summary>Random circuits of the chosen size measured beside it (the negative control).</summary>
    public int Controls { get; init; } = Faithfulness.DefaultControls;
    /// <summary>Where mean and resample ablations take their values (default: <see cref="ReferenceStimuli.For"/> the model's input).</summary>
    public StimulusSet? Reference { get; init; }
}

/// <summary>One scored edge: its estimated contribution to the target (response with the edge − without it).</summary>
public sealed record ScoredEdge(Unit Source, Feature Target, double Contribution)
{
    public int Sign => Math.Sign(Contribution);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Source.Label} {(Sign >= 0 ? "excites" : "inhibits")} {Target.Label} ({Contribution:+0.####;-0.####})");
}

/// <summary>
/// A discovered circuit: every edge into the target scored, the chosen edges (the fewest, by |score|, that recover the
/// target recovery; with <see cref="EdgeScoring.Pruning"/> the edges pruning kept), the recovery curve over circuit size and its area (MIB's circuit performance ratio, over sizes
/// 1…<see cref="DiscoveryOptions.MaxEdges"/>), and random circuits of the chosen size beside it.
/// </summary>
public sealed record DiscoveredCircuit(Feature Target, string From, DiscoveryOptions Options, IReadOnlyList<ScoredEdge> Scores,
    IReadOnlyList<ScoredEdge> Edges, IReadOnlyList<(int Size, double Recovered)> Curve, FaithfulnessResult Faithfulness, IReadOnlyList<CompletenessGap> Completeness)
{
    /// <summary>The mean closeness to the full response (1 − |1 − recovered|, at least 0) over the sizes tried: 1 when a single edge recovers everything.</summary>
    public double Area => Curve.Count == 0 ? double.NaN : Curve.Average(p => Circuits.Faithfulness.Closeness(p.Recovered));

    /// <summary>What the full model keeps without the circuit's edges (the first completeness subset is all of them).</summary>
    public double Leftover => Completeness[0].ModelWithout;

    /// <summary>The largest gap between circuit and model with the same subset of the circuit's edges removed.</summary>
    public double LargestCompletenessGap => Completeness.Max(g => g.Gap);

    public bool ReachedTarget => Circuits.Faithfulness.Closeness(Faithfulness.Recovered) >= Options.TargetRecovery;

    public IReadOnlyList<EdgeRef> EdgeRefs => Edges.Select(e => new EdgeRef(e.Source, e.Target)).ToList();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Target.Label} from {From}: {Edges.Count} edges ({Options.Scoring}, {Options.Ablation} ablation) — {Faithfulness}; without them {Leftover:0.###} is left (largest completeness gap " +
            $"{LargestCompletenessGap:0.###}); area under the recovery curve {Area:0.###}");
}

/// <summary>Finds the edges from a layer that explain a target unit and scores the circuit they form.</summary>
public static class Discovery
{
    public static DiscoveredCircuit Discover(this Network model, Feature target, string from, StimulusSet on, DiscoveryOptions? options = null,
        IProgress<string>? progress = null)
    {
        options ??= new DiscoveryOptions();
        if (options.MaxEdges < 1) throw new CircuitSpecException($"MaxEdges is {options.MaxEdges}; a circuit needs at least one edge.");
        if (!(options.TargetRecovery is > 0 and <= 1))
            throw new CircuitSpecException($"TargetRecovery is {options.TargetRecovery}; it is how close to the full response the circuit must come, in (0, 1].");
        var source = model.Resolve(from);
        var channels = (int)model.ChannelCount(source);
        var units = Enumerable.Range(0, channels).Select(c => model.Unit(model.DisplayName(source), c)).ToArray();
        var all = new CircuitEdges(units.Select(u => new EdgeRef(u, target)).ToList(), target, $"{target.Label} from {from}");

        // One evaluation of every edge into the target serves the exact scores, the recovery curve and the chosen
        // circuit's faithfulness and completeness: each is a choice of which of those edges to keep.
        using var run = new CircuitEvaluation(model, all, on, options.Ablation, options.Reference, options.Seed);
        progress?.Report($"scoring {channels} edges into {target.Label} ({options.Scoring})");
        IReadOnlySet<int>? pruned = null;
        var contributions = options.Scoring switch
        {
            EdgeScoring.OneAblationPerEdge => ExactContributions(run, units),
            EdgeScoring.Pruning => Prune(run, units, GradientContributions(run, model, source, target, options), options.TargetRecovery, out pruned),
            _ => GradientContributions(run, model, source, target, options),
        };
        // Scores equal to float rounding (symmetric units) rank by channel, so every machine picks the same edges.
        var largest = contributions.Select(Math.Abs).DefaultIfEmpty(0).Max();
        var scores = units.Select((u, c) => new ScoredEdge(u, target, contributions[c]))
            .OrderByDescending(s => largest > 0 ? Math.Round(Math.Abs(s.Contribution) / largest, 5) : 0).ThenBy(s => s.Source.Channel).ToList();

        var (full, empty) = (run.Full.Average(), run.Empty.Average());
        var sizes = Enumerable.Range(1, Math.Min(options.MaxEdges, channels)).ToList();
        var readouts = run.Readouts(sizes.Select(size => SourceSelection.Only(scores.Take(size).Select(s => s.Source)))
            .Select(kept => (Func<CircuitEdges.TargetNode, SourceSelection>)(_ => kept)).ToList());
        var curve = sizes.Select((size, i) => (Size: size, Recovered: Faithfulness.Fraction(readouts[i].Average(), full, empty))).ToList();
        // The fewest edges that come within 1 − target of the full response (overshooting it is no better than falling
        // short: an excitatory edge alone may give three times the response its inhibitory partner holds back); when
        // none does, the size that comes closest.
        var chosen = curve.FirstOrDefault(p => Faithfulness.Closeness(p.Recovered) >= options.TargetRecovery) is { Size: > 0 } first ? first.Size
            : curve.MaxBy(p => Faithfulness.Closeness(p.Recovered)).Size;
        var edges = pruned is null ? scores.Take(chosen).ToList() : scores.Where(s => !pruned.Contains((int)s.Source.Channel)).ToList();
        progress?.Report($"{edges.Count} edges chosen");
        var circuit = new CircuitEdges(edges.Select(e => new EdgeRef(e.Source, e.Target)).ToList(), target, $"{target.Label} from {from}");
        var faithfulness = Faithfulness.Measure(run, model, circuit, options.Ablation, options.Controls, options.Seed);
        var completeness = Faithfulness.CompletenessGaps(run, circuit, Faithfulness.DefaultSubsets, options.Seed);
        return new DiscoveredCircuit(target, model.DisplayName(source), options, scores, edges, curve, faithfulness, completeness);
    }

    // Response with the edge minus without it, each edge ablated alone.
    private static double[] ExactContributions(CircuitEvaluation run, IReadOnlyList<Unit> units)
    {
        var full = run.Full.Average();
        return run.Readouts(units.Select(unit => (Func<CircuitEdges.TargetNode, SourceSelection>)(_ => SourceSelection.Except([unit]))).ToList())
            .Select(readout => full - readout.Average()).ToArray();
    }

    // Greedy removal, weakest estimated edge first (ties by channel); each edge's score is the readout it held up when tried.
    private static double[] Prune(CircuitEvaluation run, IReadOnlyList<Unit> units, double[] estimates, double target, out IReadOnlySet<int> pruned)
    {
        var (full, empty) = (run.Full.Average(), run.Empty.Average());
        var removed = new HashSet<int>();
        var scores = new double[units.Count];
        var current = full;
        foreach (var c in Enumerable.Range(0, units.Count).OrderBy(c => Math.Abs(estimates[c])).ThenBy(c => c))
        {
            var without = run.Readout(_ => SourceSelection.Except(units.Where((_, k) => k == c || removed.Contains(k)))).Average();
            scores[c] = current - without;
            if (Faithfulness.Closeness(Faithfulness.Fraction(without, full, empty)) < target) continue;
            removed.Add(c);
            current = without;
        }
        pruned = removed;
        return scores;
    }

    // First-order estimate of the same: −(ablated − clean) · gradient, summed over positions, mean over stimuli.
    private static double[] GradientContributions(CircuitEvaluation run, Network model, string source, Feature target, DiscoveryOptions options)
    {
        using var scope = NewDisposeScope();
        var (clean, ablated) = (run.Clean(source), run.Ablation(source));
        var steps = options.Scoring == EdgeScoring.IntegratedGradients ? Math.Max(1, options.Steps) : 1;
        var gradient = zeros_like(clean);
        for (var k = 0; k < steps; k++)
        {
            // Attribution patching takes the gradient at the clean activation; integrated gradients average it along the path.
            var alpha = steps == 1 ? 1.0 : (k + 0.5) / steps;
            gradient = gradient.Plus(GradientAt(model, run.Images, source, ablated.Plus((clean - ablated).Times(alpha)), target));
        }
        var perChannel = ((clean - ablated) * gradient).DividedBy(steps).sum(Enumerable.Range(2, (int)clean.dim() - 2).Select(d => (long)d).ToArray()).mean([0]);
        return perChannel.to(ScalarType.Float64).cpu().data<double>().ToArray();
    }

    private static Tensor GradientAt(Network model, Tensor images, string source, Tensor at, Feature target)
    {
        using var filling = AllocationFilling.ForGradients();
        var leaf = at.detach().requires_grad_(true);
        // The pass starts from the leaf (the layers before the source do not run); it stays ours, outliving the pass.
        var plan = new ForwardPlan { Gradients = true }.StartingFrom(source, leaf).Capturing(target.Point).StoppingAfterCaptures();
        var reached = model.Execute(images, plan).Captured[model.Resolve(target.Point)];
        using var grad = enable_grad();
        var gradient = autograd.grad([target.Read(reached).sum()], [leaf], allow_unused: true)[0];
        return gradient is null ? zeros_like(at) : gradient.detach();
    }
}
