using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Stimuli;
using static TorchSharp.torch;

namespace CircuitSpec.Measurements;

/// <summary>Responses of features to stimulus sets, rendered straight into the model's input in batches.</summary>
public static class StimulusResponses
{
    public const int Batch = 32;

    /// <summary>A feature's response to every stimulus (its spatial reading; centre by default).</summary>
    public static ResponseSet Responses(this Network model, StimulusSet stimuli, Feature feature, params Intervention[] interventions) =>
        model.Responses(stimuli, [feature], interventions)[0];

    /// <summary>Several features' responses, read from one run per batch (features of one layer share it).</summary>
    public static IReadOnlyList<ResponseSet> Responses(this Network model, StimulusSet stimuli, IReadOnlyList<Feature> features, params Intervention[] interventions)
    {
        var values = features.Select(_ => new List<float>(stimuli.Count)).ToArray();
        var points = features.Select(f => f.Point).Distinct().ToArray();
        var peaks = new Dictionary<string, double[]>();
        InBatches(model, stimuli, batch =>
        {
            using var cache = model.RunWithCache(batch, points, interventions);
            for (var f = 0; f < features.Count; f++) values[f].AddRange(cache.Read(features[f]));
            foreach (var point in points) Accumulate(peaks, point, cache[point]);
        });
        return features.Select((f, i) => new ResponseSet(f.ToString(), stimuli, values[i]) { LayerScale = Scale(peaks[f.Point]) }).ToList();
    }

    /// <summary>
    /// A feature's value for every stimulus, without the layer's scale: where the feature is a unit, the layers that lead
    /// only to it compute its channel alone (an Inception block's unit, its own branch).
    /// </summary>
    internal static float[] FeatureValues(this Network model, StimulusSet stimuli, Feature feature)
    {
        var values = new List<float>(stimuli.Count);
        InBatches(model, stimuli, batch =>
        {
            var captured = ProbeRunner.Run(model, batch, [feature.Point], [new Segment(0, batch.shape[0], [])], wantOutput: false,
                onlyChannel: feature.OneChannel).Captured;
            using var cache = new ActivationCache(model, captured);
            values.AddRange(cache.Read(feature));
        });
        return [.. values];
    }

    // Each batch of up to Batch stimuli rendered into the model's input and handed to `use`, in a dispose scope of its own.
    private static void InBatches(Network model, StimulusSet stimuli, Action<Tensor> use)
    {
        for (var start = 0; start < stimuli.Count; start += Batch)
        {
            Cancellation.ThrowIfRequested();
            using var scope = NewDisposeScope();
            use(new StimulusSet(stimuli.Skip(start).Take(Batch)).Render(model.Input, model.Device));
        }
    }

    // Each channel's largest |activation| over the stimuli and positions so far (NaN and ∞ left out: they are judged elsewhere).
    private static void Accumulate(Dictionary<string, double[]> peaks, string point, Tensor activation)
    {
        var magnitude = activation.abs().nan_to_num(0, 0, 0);
        var perChannel = activation.dim() < 2 ? magnitude.amax([0], keepdim: true) : magnitude.amax(Enumerable.Range(0, (int)activation.dim()).Where(d => d != 1).Select(d => (long)d).ToArray());
        var finite = perChannel.to(ScalarType.Float64).cpu().data<double>().ToArray();
        if (!peaks.TryGetValue(point, out var known)) peaks[point] = finite;
        else for (var c = 0; c < known.Length; c++) known[c] = Math.Max(known[c], finite[c]);
    }

    private static double Scale(double[] channelPeaks) => channelPeaks.Length == 0 ? 0 : channelPeaks.Average();
}
