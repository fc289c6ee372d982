using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Measurements;

/// <summary>How much more a feature responds to one class of stimuli than to another.</summary>
public sealed record Comparison(string Feature, double MeanPreferred, double MeanOther, double CohensD, Interval Difference, string? Inconclusive)
{
    /// <summary>mean(preferred) / mean(other); infinite when the other class gets no response.</summary>
    public double Ratio => MeanOther == 0 ? (MeanPreferred == 0 ? 1 : double.PositiveInfinity * Math.Sign(MeanPreferred)) : MeanPreferred / MeanOther;

    /// <summary>
    /// Whether the ratio means "k times as strongly": only when the other class's mean response is above zero. Signed
    /// responses (before a ReLU) can put it at or below zero, where a quotient's sign and size say nothing.
    /// </summary>
    public bool RatioDefined => MeanOther > 0;

    /// <summary>
    /// Whether the feature responds at least <paramref name="k"/> times as strongly to the preferred class, read as
    /// mean(preferred) ≥ k · mean(other) with mean(preferred) above zero — which for a baseline at or below zero holds
    /// for every k ≥ 0 (a positive response exceeds any multiple of a non-positive one).
    /// </summary>
    public bool PrefersBy(double k) => MeanPreferred > 0 && MeanPreferred >= k * MeanOther;

    public override string ToString() =>
        Inconclusive is not null ? $"{Feature}: inconclusive — {Inconclusive}"
            : $"{Feature}: {MeanPreferred:G4} vs {MeanOther:G4} ({(RatioDefined ? $"ratio {Ratio:G3}" : "ratio undefined: the other class's mean is ≤ 0")}, d = {CohensD:G3}, difference {Difference})";
}

/// <summary>A feature's selectivity, with the same comparison for random units of its layer beside it.</summary>
public sealed record SelectivityReport(Comparison Feature, IReadOnlyList<Comparison> Controls)
{
    /// <summary>The fraction of control units whose Cohen's d is at least the feature's.</summary>
    public double ControlsAtLeastAsSelective => Controls.Count == 0 ? double.NaN : Controls.Count(c => c.CohensD >= Feature.CohensD) / (double)Controls.Count;

    public override string ToString() =>
        $"{Feature}\nnegative control ({Controls.Count} random units of the same layer): median d = {Median(Controls.Select(c => c.CohensD))::G3}, " +
        $"{ControlsAtLeastAsSelective:P0} at least as selective";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToList();
        return sorted.Count == 0 ? double.NaN : Statistics.Quantile(sorted, 0.5);
    }
}

public static class Selectivity
{
    /// <summary>Compares responses to two stimulus classes: ratio of means, Cohen's d, bootstrap interval of the difference.</summary>
    public static Comparison Compare(ResponseSet preferred, ResponseSet other, int seed = 0)
    {
        var (a, b) = (preferred.Values.Select(v => (double)v).ToList(), other.Values.Select(v => (double)v).ToList());
        var inconclusive = Statistics.TooFew($"{preferred.Feature}, preferred", a.Count) ?? Statistics.TooFew($"{preferred.Feature}, other", b.Count)
                           ?? Statistics.WhyInconclusive(preferred.Feature, [.. a, .. b], Math.Max(preferred.Floor, other.Floor));
        return new Comparison(preferred.Feature, Statistics.Mean(a), Statistics.Mean(b),
            inconclusive is null ? Statistics.CohensD(a, b) : double.NaN,
            Statistics.DifferenceInterval(a, b, seed), inconclusive);
    }

    /// <summary>
    /// Measures a feature's selectivity for <paramref name="preferred"/> over <paramref name="other"/>, and the same for
    /// <paramref name="controls"/> random units of its layer (drawn with <paramref name="seed"/>) as a negative control.
    /// </summary>
    public static SelectivityReport Measure(Network model, Feature feature, StimulusSet preferred, StimulusSet other, int controls = 8, int seed = 0)
    {
        var channels = RandomControls.Channels(model, feature.Layer, feature is Unit u ? [u.Channel] : [], controls, new Random(seed));
        var features = new List<Feature> { feature };
        features.AddRange(channels.Select(c => (Feature)(model.Unit(feature.Layer, c) with { Reading = feature.Reading })));
        var a = model.Responses(preferred, features);
        var b = model.Responses(other, features);
        var comparisons = features.Select((_, i) => Compare(a[i], b[i], seed + i)).ToList();
        return new SelectivityReport(comparisons[0], comparisons.Skip(1).ToList());
    }
}
