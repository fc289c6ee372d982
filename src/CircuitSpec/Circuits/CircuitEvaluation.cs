using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Stimuli;
using static TorchSharp.torch;

namespace CircuitSpec.Circuits;

/// <summary>
/// Runs a model with each circuit target receiving input only along the edges kept, every other incoming edge carrying
/// its ablation value. Edge-level: each target gets its own copy of its source layer (kept sources as they are — or, if
/// a source is itself a target, its value within the circuit — the rest ablated), so an ablated edge into one target
/// leaves the same source feeding every other target. Targets are computed in order; one forward per target.
/// </summary>
internal sealed class CircuitEvaluation : IDisposable
{
    private readonly Network _model;
    private readonly CircuitEdges _circuit;
    private readonly Tensor _images;
    private readonly Dictionary<string, Tensor> _clean = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _ablated = new(StringComparer.Ordinal);

    public int Stimuli { get; }

    /// <summary>The stimuli, rendered as the model's input.</summary>
    public Tensor Images => _images;

    /// <summary>A source or target point's activation on the stimuli, as the full model computes it.</summary>
    public Tensor Clean(string point) => _clean[point];

    /// <summary>What a source point carries along an ablated edge, per stimulus.</summary>
    public Tensor Ablation(string point) => _ablated[point];

    public CircuitEvaluation(Network model, CircuitEdges circuit, StimulusSet stimuli, EdgeAblation ablation, StimulusSet? reference, int seed)
    {
        _model = model;
        _circuit = circuit;
        Stimuli = stimuli.Count;
        // Held for the evaluation's life: made in a scope of their own (its temporaries go with it) and detached from it.
        using var scope = NewDisposeScope();
        _images = stimuli.Render(model.Input, model.Device).DetachFromDisposeScope();
        var points = circuit.Targets.SelectMany(t => new[] { t.SourcePoint, t.Feature.Point }).Append(circuit.Readout.Point).Distinct().ToList();
        using (var cache = model.RunWithCache(_images, points.ToArray()))
            foreach (var point in points) _clean[point] = cache[point].clone().DetachFromDisposeScope();
        var sources = circuit.Targets.Select(t => t.SourcePoint).Distinct().ToArray();
        foreach (var (source, values) in Ablated(model, sources, _clean, Stimuli, ablation, reference, seed))
            _ablated[source] = values.DetachFromDisposeScope();
    }

    /// <summary>
    /// What each source point carries along an ablated edge, [stimuli, …]: zeros, the reference set's mean, or for each
    /// stimulus the activation of a reference stimulus drawn with the seed.
    /// </summary>
    private static Dictionary<string, Tensor> Ablated(Network model, IReadOnlyList<string> sources, IReadOnlyDictionary<string, Tensor> clean, int stimuli,
        EdgeAblation ablation, StimulusSet? reference, int seed)
    {
        if (ablation == EdgeAblation.Zero) return sources.ToDictionary(s => s, s => zeros_like(clean[s]));
        reference ??= ReferenceStimuli.For(model.Input);
        var images = reference.Render(model.Input, model.Device);
        using var cache = model.RunWithCache(images, sources.ToArray());
        var draws = tensor(Draws(stimuli, reference.Count, seed), device: images.device);
        return sources.ToDictionary(s => s, s => ablation == EdgeAblation.Mean
            ? cache[s].mean([0], keepdim: true).expand_as(clean[s]).contiguous()
            : cache[s].index_select(0, draws));
    }

    /// <summary>For each of <paramref name="n"/> stimuli, the reference stimulus it takes its ablated values from.</summary>
    private static long[] Draws(int n, int references, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (long)random.Next(references))];
    }

    // The full model's and the empty circuit's readouts, made with the first variants asked for.
    private (double[] Full, double[] Empty)? _ends;

    /// <summary>The readout per stimulus with every edge kept (the full model).</summary>
    public double[] Full => Ends.Full;

    /// <summary>The readout per stimulus with every edge into every target ablated.</summary>
    public double[] Empty => Ends.Empty;

    private (double[] Full, double[] Empty) Ends
    {
        get
        {
            if (_ends is null) Readouts([]);
            return _ends!.Value;
        }
    }

    /// <summary>The readout's value per stimulus with every target fed only along the sources <paramref name="keeps"/> selects for it.</summary>
    public double[] Readout(Func<CircuitEdges.TargetNode, SourceSelection> keeps) => Readouts([keeps])[0];

    /// <summary>
    /// The same for several selections at once, batched like sweeps: per pass, the layers before each target's source
    /// point run once and the selections' patched copies of it run together above.
    /// </summary>
    public IReadOnlyList<double[]> Readouts(IReadOnlyList<Func<CircuitEdges.TargetNode, SourceSelection>> variants)
    {
        if (_ends is not null) return Batched(variants);
        // The full model's and the empty circuit's readouts, which every measure needs, ride along with the first variants.
        var first = Batched([_ => SourceSelection.All, _ => SourceSelection.None, .. variants]);
        _ends = (first[0], first[1]);
        return first.Skip(2).ToList();
    }

    private List<double[]> Batched(IReadOnlyList<Func<CircuitEdges.TargetNode, SourceSelection>> variants)
    {
        var perPass = Math.Max(1, MaxBatch / Stimuli);
        var results = new List<double[]>(variants.Count);
        for (var first = 0; first < variants.Count; first += perPass)
        {
            using var scope = NewDisposeScope();
            var chunk = variants.Skip(first).Take(perPass).ToList();
            var within = chunk.Select(_ => new Dictionary<string, (Feature Feature, Tensor Value)>(StringComparer.Ordinal)).ToList();
            foreach (var node in _circuit.Targets)
            {
                var patched = chunk.Select((keeps, v) => keeps(node).Patch(WithCircuitValues(node.SourcePoint, within[v]), _ablated[node.SourcePoint])).ToList();
                var reached = RunPatched(node.SourcePoint, patched, node.Feature.Point, node.Feature);
                for (var v = 0; v < chunk.Count; v++) within[v][node.Key] = (node.Feature, node.Feature.Map(reached[v]));
            }
            results.AddRange(Read(_circuit.Readout, within));
        }
        return results;
    }

    // Stimuli × variants per forward pass.
    private const int MaxBatch = 128;

    private IEnumerable<double[]> Read(Feature readout, List<Dictionary<string, (Feature Feature, Tensor Value)>> within)
    {
        IReadOnlyList<Tensor> activations;
        if (within[0].Count == 0 || within[0].Values.Any(w => w.Feature.Point == readout.Point))
            activations = within.Select(w => WithCircuitValues(readout.Point, w)).ToList();
        else
        {
            // A readout beyond the circuit: the last targets' point carries their circuit values, the rest as it is.
            var last = _circuit.Targets[^1].Feature.Point;
            activations = RunPatched(last, within.Select(w => WithCircuitValues(last, w)).ToList(), readout.Point, readout);
        }
        return activations.Select(a => readout.Read(a).to(ScalarType.Float64).cpu().data<double>().ToArray());
    }

    // The point's activation in the full model, with every circuit target there carrying its value within the circuit
    // (a unit its channel, a direction its component along the direction).
    private Tensor WithCircuitValues(string point, Dictionary<string, (Feature Feature, Tensor Value)> within)
    {
        var activation = _clean.TryGetValue(point, out var clean) ? clean.clone() : throw new Errors.CircuitSpecException($"Point '{point}' was not captured.");
        foreach (var (feature, value) in within.Values.Where(w => w.Feature.Point == point))
            switch (feature)
            {
                case Unit unit:
                    activation[.., unit.Channel] = value;
                    break;
                case Direction direction:
                    activation = activation.Plus(direction.Broadcastable(activation) * (value - direction.Map(activation)).unsqueeze(1));
                    break;
            }
        return activation;
    }

    // Each patched copy of the source point carried up to the capture point, all in one pass: the layers before the
    // source run once and the batch is repeated there. Only `read` is read of the capture: a unit's channel alone is computed.
    private IReadOnlyList<Tensor> RunPatched(string sourcePoint, IReadOnlyList<Tensor> patched, string capture, Feature read)
    {
        var copies = patched.Count;
        var stacked = copies == 1 ? patched[0] : cat(patched.ToArray(), 0);
        // The pass starts from the stimuli's activation at the source: the layers before it are not run again.
        var plan = new ForwardPlan { FanOut = copies == 1 ? null : new FanOut(sourcePoint, copies), OnlyChannel = read.OneChannel }
            .StartingFrom(sourcePoint, _clean[sourcePoint])
            .Changing(sourcePoint, _ => stacked)
            .Capturing(capture)
            .StoppingAfterCaptures();
        using var scope = NewDisposeScope();
        var reached = _model.Execute(_images, plan).Captured[_model.Resolve(capture)];
        return reached.detach().clone().chunk(copies, 0).Select(t => t.MoveToOuterDisposeScope()).ToList();
    }

    public void Dispose()
    {
        _images.Dispose();
        foreach (var t in _clean.Values.Concat(_ablated.Values)) t.Dispose();
    }
}
