using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Interventions;

/// <summary>
/// "Ablate each of these 64 units in turn and read the target" as a few batched forward passes: the stimuli are
/// repeated once per variant along the batch axis and each copy gets its own interventions.
/// </summary>
public static class Sweeps
{
    /// <summary>One variant per intervention (e.g. <c>family.Select(u => u.Zeroed())</c>), labelled by the intervention.</summary>
    public static EffectTable Sweep(this Network model, Tensor stimuli, IEnumerable<Intervention> variants, Feature readout,
        int maxBatch = 64, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        var list = variants.ToList();
        return model.Sweep(stimuli, list.Select(v => (v.Label, (IReadOnlyList<Intervention>)[v])).ToList(), readout, maxBatch, progress, cancellation);
    }

    /// <summary>Named variants, each a set of interventions applied together.</summary>
    public static EffectTable Sweep(this Network model, Tensor stimuli, IReadOnlyList<(string Label, IReadOnlyList<Intervention> Interventions)> variants,
        Feature readout, int maxBatch = 64, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        var n = stimuli.shape[0];
        var all = new List<IReadOnlyList<Intervention>> { Array.Empty<Intervention>() };
        all.AddRange(variants.Select(v => v.Interventions));
        var perPass = (int)Math.Max(1, maxBatch / Math.Max(1, n));
        var fanPoint = FanOutPoint(model, variants.SelectMany(v => v.Interventions), readout);
        // A unit is read at its channel alone: the layers leading only to it may compute that channel alone.
        var onlyChannel = readout.OneChannel;
        var values = new List<float[]>();
        for (var first = 0; first < all.Count; first += perPass)
        {
            Cancellation.ThrowIfRequested(cancellation);
            var chunk = all.Skip(first).Take(perPass).ToList();
            using var scope = NewDisposeScope();
            // The layers before the first intervened point are the same for every variant: run them once and repeat the
            // batch there; without one (no variant intervenes before the readout) repeat the stimuli.
            var fan = fanPoint is null ? null : new FanOut(fanPoint, chunk.Count);
            var batch = fan is not null ? stimuli.to(model.Device)
                : stimuli.to(model.Device).repeat([chunk.Count, .. Enumerable.Repeat(1L, (int)stimuli.dim() - 1)]);
            var segments = chunk.Select((v, j) => new Segment(j * n, n, v)).ToList();
            var captured = ProbeRunner.Run(model, batch, [readout.Point], segments, wantOutput: false, fanOut: fan, onlyChannel: onlyChannel).Captured;
            using var cache = new ActivationCache(model, captured);
            var read = cache.Read(readout);
            for (var j = 0; j < chunk.Count; j++) values.Add(read[(int)(j * n)..(int)((j + 1) * n)]);
            progress?.Report($"sweep of {readout}: {Math.Min(first + perPass, all.Count) - 1}/{variants.Count} variants");
        }
        var baseline = values[0];
        return new EffectTable(readout.ToString(), baseline,
            variants.Select((v, i) => new Effect(v.Label, baseline, values[i + 1])).ToList());
    }

    // The earliest intervened point, if the readout comes after it (in the model's order of points).
    private static string? FanOutPoint(Network model, IEnumerable<Intervention> interventions, Feature readout)
    {
        var order = model.PointNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var points = interventions.Select(i => model.Resolve(i.Point)).Distinct().ToList();
        if (points.Count == 0) return null;
        var earliest = points.MinBy(p => order[p])!;
        return order[model.Resolve(readout.Point)] > order[earliest] ? earliest : null;
    }
}
