using System.Globalization;
using CircuitSpec.Activations;
using CircuitSpec.Circuits;
using CircuitSpec.Errors;
using CircuitSpec.Measurements;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// One faithfulness measurement of a head circuit (Wang et al. 2022's normalized form): the metric with every candidate
/// head outside the circuit ablated, between the full model's value (1) and the value with every candidate ablated (0).
/// </summary>
public sealed record HeadRecovery(EdgeAblation Ablation, string Metric, double Full, double Empty, double Circuit, double Recovered, Interval Interval,
    IReadOnlyList<double> RandomRecovered, string? Inconclusive)
{
    public double RandomMean => RandomRecovered.Count == 0 ? double.NaN : RandomRecovered.Average();

    public override string ToString() => Inconclusive is not null
        ? $"{Kind}: inconclusive — {Inconclusive}"
        : string.Create(CultureInfo.InvariantCulture,
            $"{Kind}: recovers {Recovered:0.###} (95 % CI {Interval.Low:0.###}–{Interval.High:0.###}) of {Metric} (full {Full:G4}, circuit {Circuit:G4}, " +
            $"every candidate ablated {Empty:G4}){(RandomRecovered.Count == 0 ? "" : $"; random head sets of the same size {RandomMean:0.###}")}");

    private string Kind => $"{Ablation.ToString().ToLowerInvariant()} ablation";
}

internal static class HeadCircuitFaithfulness
{
    /// <summary>The metric's recovered fraction with only <paramref name="kept"/> of the candidates left intact.</summary>
    public static HeadRecovery Measure(HeadCircuit circuit, IReadOnlyCollection<AttentionHead> kept, TextStimulusSet on, EdgeAblation ablation, int controls, int seed)
    {
        var model = circuit.Model;
        var candidates = Candidates(circuit);
        using var scope = NewDisposeScope();
        using var runner = new HeadAblationRunner(model, on, ablation, circuit.Metric, seed);
        var run = runner.Run;
        var full = run([]);
        var empty = run(candidates);
        var kept1 = run(candidates.Except(kept).ToList());
        var random = new Random(seed);
        var randomRecovered = Enumerable.Range(0, controls).Select(_ =>
        {
            var draw = candidates.ToArray();
            random.Shuffle(draw);
            return Recovered(run(draw.Skip(kept.Count).ToList()), empty, full);
        }).ToList();
        var (f, e, c) = (full.Average(), empty.Average(), kept1.Average());
        var inconclusive = Math.Abs(f - e) <= 1e-6 * Math.Max(1, Math.Abs(f))
            ? string.Create(CultureInfo.InvariantCulture,
                $"the full model and the one with every candidate head ablated give {circuit.Metric.Description} alike ({f:G4} and {e:G4}): there is no effect to explain")
            : null;
        return new HeadRecovery(ablation, circuit.Metric.Description, f, e, c, Recovered(kept1, empty, full),
            Statistics.RatioInterval(kept1, empty, full, seed), randomRecovered, inconclusive);
    }

    public static double Recovered(IReadOnlyList<double> circuit, IReadOnlyList<double> empty, IReadOnlyList<double> full) =>
        (circuit.Average() - empty.Average()) / (full.Average() - empty.Average());

    public static IReadOnlyList<AttentionHead> Candidates(HeadCircuit circuit)
    {
        var candidates = circuit.Metric.Candidates(circuit.Model);
        var outside = circuit.Heads.Where(h => !candidates.Contains(h)).ToList();
        if (outside.Count > 0)
            throw new CircuitSpecException($"{string.Join(", ", outside.Select(h => h.Label))} cannot change {circuit.Metric.Description}: " +
                                           $"a head circuit for it is made of heads from blocks 0..{candidates.Max(h => h.Layer)}.");
        if (circuit.Heads.Distinct().Count() != circuit.Heads.Count) throw new CircuitSpecException($"{circuit} names a head twice.");
        return candidates;
    }

}

/// <summary>
/// The metric with a set of heads ablated; the mean and resample ablations take their values from the clean run on the
/// same texts, captured once.
/// </summary>
internal sealed class HeadAblationRunner : IDisposable
{
    private readonly SentenceTransformer _model;
    private readonly TextStimulusSet _on;
    private readonly EdgeAblation _ablation;
    private readonly HeadMetric _metric;
    private readonly int _seed;
    private readonly int _texts;
    private readonly ActivationCache? _reference;
    private readonly Tensor _mask;

    public HeadAblationRunner(SentenceTransformer model, TextStimulusSet on, EdgeAblation ablation, HeadMetric metric, int seed)
    {
        (_model, _on, _ablation, _metric, _seed) = (model, on, ablation, metric, seed);
        var batch = on.Batch(model.Tokenizer);
        _texts = batch.Count;
        _mask = tensor(batch.Mask.SelectMany(m => m).ToArray()).reshape(batch.Count, batch.Length);
        var points = Enumerable.Range(0, model.Blocks).Select(l => $"blocks.{l}.attn.hook_z").ToList();
        _reference = ablation == EdgeAblation.Zero ? null : model.RunWithCache(batch, new ForwardPlan { Captures = points, WantsOutput = false });
    }

    public IReadOnlyList<double> Run(IReadOnlyList<AttentionHead> ablated) => _metric.Measure(_model, _on, ablated.Select(Change).ToList());

    private PointChange Change(AttentionHead head) => _ablation switch
    {
        EdgeAblation.Zero => head.Zeroed(),
        EdgeAblation.Mean => head.MeanAblated(_reference!, _mask),
        _ => head.Resampled(_reference!, _texts, _seed + head.Layer * 1000 + head.Index),
    };

    public void Dispose()
    {
        _reference?.Dispose();
        _mask.Dispose();
    }
}
