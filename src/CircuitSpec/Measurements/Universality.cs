using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Measurements;

/// <summary>
/// A feature of model A and its best-correlated feature of model B over one stimulus set; no analogue (and a reason)
/// when the feature's responses are constant, so that no correlation exists.
/// </summary>
public sealed record FeatureMatch(Unit Feature, Unit? Analogue, double Correlation, double ShuffledCorrelation, string? Inconclusive)
{
    public override string ToString() => Analogue is null
        ? $"{Feature.Label}: no analogue — {Inconclusive}"
        : $"{Feature.Label} ↔ {Analogue.Label}: r = {Correlation:F3} (shuffled baseline {ShuffledCorrelation:F3})";
}

/// <summary>
/// Universality: the same stimuli shown to two models, each unit of a layer of A matched to the unit of a layer of B
/// whose responses correlate best with it. The shuffled baseline is the best correlation after permuting the order
/// of B's responses (seeded): what matching finds by chance.
/// </summary>
public static class Universality
{
    public static IReadOnlyList<FeatureMatch> Match(Network modelA, string layerA, Network modelB, string layerB, StimulusSet stimuli,
        IReadOnlyList<long>? unitsOfA = null, int seed = 0)
    {
        var featuresA = (unitsOfA ?? Enumerable.Range(0, (int)modelA.ChannelCount(layerA)).Select(c => (long)c).ToList())
            .Select(c => modelA.Unit(layerA, c)).ToList();
        var featuresB = modelB.Layer(layerB).ToList();
        var a = modelA.Responses(stimuli, featuresA.Cast<Feature>().ToList()).Select(r => r.Values.Select(v => (double)v).ToArray()).ToList();
        var b = modelB.Responses(stimuli, featuresB.Cast<Feature>().ToList()).Select(r => r.Values.Select(v => (double)v).ToArray()).ToList();
        var random = new Random(seed);
        var order = Enumerable.Range(0, stimuli.Count).OrderBy(_ => random.Next()).ToArray();
        var shuffled = b.Select(values => order.Select(i => values[i]).ToArray()).ToList();

        static (int Index, double R) Best(double[] x, List<double[]> candidates) => candidates
            .Select((c, j) => (Index: j, R: Statistics.Correlation(x, c)))
            .Where(p => !double.IsNaN(p.R))
            .DefaultIfEmpty((Index: -1, R: double.NaN))
            .MaxBy(p => p.R);

        return featuresA.Select((f, i) =>
        {
            var (index, r) = Best(a[i], b);
            var (_, chance) = Best(a[i], shuffled);
            var inconclusive = Statistics.WhyInconclusive($"{f.Label} of {modelA.ModelName}", a[i])
                               ?? Statistics.NonFinite($"{layerB} of {modelB.ModelName}", b.SelectMany(v => v).ToList())
                               ?? (index < 0 ? $"every unit of {layerB} in {modelB.ModelName} responds identically to all stimuli" : null);
            return new FeatureMatch(f, index < 0 ? null : featuresB[index], r, chance, inconclusive);
        }).ToList();
    }
}
