using System.Globalization;
namespace CircuitSpec.Measurements;

/// <summary>A confidence interval for an estimate.</summary>
public readonly record struct Interval(double Low, double High, double Level)
{
    public bool Contains(double value) => value >= Low && value <= High;
    public bool ExcludesZero => Low > 0 || High < 0;
    public override string ToString() => $"[{Low:G3}, {High:G3}] ({Level:P0})";
}

/// <summary>Seeded resampling statistics: every interval is the same on every run with the same seed.</summary>
public static class Statistics
{
    public const int DefaultResamples = 2000;

    /// <summary>A standard error below this share of the largest value is float32 rounding (ε ≈ 1.2e-7, with room for a few operations).</summary>
    public const double RoundingSpread = 1e-6;

    public static double Mean(IReadOnlyList<double> x) => x.Average();

    public static double Variance(IReadOnlyList<double> x)
    {
        if (x.Count < 2) return 0;
        var mean = x.Average();
        return x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1);
    }

    /// <summary>Cohen's d: the difference of means over the pooled standard deviation.</summary>
    public static double CohensD(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var pooled = Math.Sqrt(((a.Count - 1) * Variance(a) + (b.Count - 1) * Variance(b)) / Math.Max(1, a.Count + b.Count - 2));
        var difference = Mean(a) - Mean(b);
        return pooled == 0 ? (difference == 0 ? 0 : double.PositiveInfinity * Math.Sign(difference)) : difference / pooled;
    }

    /// <summary>
    /// A studentized bootstrap (bootstrap-t) interval for mean(a) − mean(b), resampling each group with replacement.
    /// Its coverage stays close to nominal for the small samples stimulus sets give.
    /// </summary>
    public static Interval DifferenceInterval(IReadOnlyList<double> a, IReadOnlyList<double> b, int seed, double level = 0.95, int resamples = DefaultResamples)
    {
        var random = new Random(seed);
        var estimate = Mean(a) - Mean(b);
        var se = StandardError(a, b);
        // A spread within float32 rounding of the values is no spread: a resample of values equal but for rounding would
        // divide by it and throw the interval arbitrarily far (a studentized statistic of millions).
        var rounding = RoundingSpread * a.Concat(b).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var t = new List<double>(resamples);
        for (var r = 0; r < resamples; r++)
        {
            var (ra, rb) = (Resample(a, random), Resample(b, random));
            var seStar = StandardError(ra, rb);
            if (seStar > rounding) t.Add((Mean(ra) - Mean(rb) - estimate) / seStar);
        }
        if (t.Count == 0 || se <= rounding) return new Interval(estimate, estimate, level);
        t.Sort();
        var alpha = (1 - level) / 2;
        return new Interval(estimate - Quantile(t, 1 - alpha) * se, estimate - Quantile(t, alpha) * se, level);
    }

    /// <summary>A studentized bootstrap interval for the mean of one sample (e.g. per-stimulus changes).</summary>
    public static Interval MeanInterval(IReadOnlyList<double> x, int seed, double level = 0.95, int resamples = DefaultResamples) =>
        DifferenceInterval(x, [0.0], seed, level, resamples);

    /// <summary>
    /// A percentile bootstrap interval for (mean(value) − mean(low)) / (mean(high) − mean(low)), the three measured on the
    /// same stimuli and resampled together (a circuit's recovered fraction). Resamples whose denominator is zero are left out.
    /// </summary>
    public static Interval RatioInterval(IReadOnlyList<double> value, IReadOnlyList<double> low, IReadOnlyList<double> high, int seed,
        double level = 0.95, int resamples = DefaultResamples)
    {
        var random = new Random(seed);
        var n = value.Count;
        var ratios = new List<double>(resamples);
        for (var r = 0; r < resamples; r++)
        {
            double v = 0, l = 0, h = 0;
            for (var i = 0; i < n; i++)
            {
                var k = random.Next(n);
                (v, l, h) = (v + value[k], l + low[k], h + high[k]);
            }
            if (h != l) ratios.Add((v - l) / (h - l));
        }
        if (ratios.Count == 0) return new Interval(double.NaN, double.NaN, level);
        ratios.Sort();
        var alpha = (1 - level) / 2;
        return new Interval(Quantile(ratios, alpha), Quantile(ratios, 1 - alpha), level);
    }

    /// <summary>
    /// The area under the ROC curve of <paramref name="scores"/> for telling the positives from the rest: the chance that
    /// a random positive scores above a random negative, ties counting half. NaN without both kinds.
    /// </summary>
    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var pos = scores.Where((_, i) => positive[i]).ToList();
        var neg = scores.Where((_, i) => !positive[i]).ToList();
        if (pos.Count == 0 || neg.Count == 0) return double.NaN;
        var wins = pos.Sum(p => neg.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0));
        return wins / (pos.Count * (double)neg.Count);
    }

    private static double StandardError(IReadOnlyList<double> a, IReadOnlyList<double> b) =>
        Math.Sqrt(Variance(a) / a.Count + (b.Count > 1 ? Variance(b) / b.Count : 0));

    private static double[] Resample(IReadOnlyList<double> x, Random random)
    {
        var result = new double[x.Count];
        for (var i = 0; i < result.Length; i++) result[i] = x[random.Next(x.Count)];
        return result;
    }

    /// <summary>The q-quantile of sorted values, linearly interpolated.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }

    /// <summary>Pearson correlation; NaN when either side is constant.</summary>
    public static double Correlation(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var (ma, mb) = (Mean(a), Mean(b));
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? double.NaN : sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>
    /// The fewest observations that can support a two-sided conclusion at <paramref name="level"/>: with fewer, even if
    /// every one agreed, a sign test could not reach that confidence (2 · 0.5ⁿ &gt; 1 − level). 6 at 95 %, 8 at 99 %.
    /// </summary>
    public static int MinimumSample(double level = 0.95) => (int)Math.Ceiling(Math.Log2(2 / (1 - level)) - 1e-9);

    /// <summary>Why <paramref name="count"/> observations are too few for <paramref name="level"/>, or null when they suffice.</summary>
    public static string? TooFew(string what, int count, double level = 0.95) =>
        count >= MinimumSample(level) ? null
            : $"{what}: {count} stimuli are too few for {level:P0} confidence (at least {MinimumSample(level)} are needed, even if every one agreed)";

    /// <summary>Why values cannot be compared (some are NaN or infinite), or null when all are finite.</summary>
    public static string? NonFinite(string what, IReadOnlyList<double> values)
    {
        var count = values.Count(v => !double.IsFinite(v));
        return count == 0 ? null : $"{what}: {count} of {values.Count} values are NaN or infinite";
    }

    /// <summary>
    /// Below this share of its layer's typical peak response, a feature's variation over stimuli is float rounding, not a
    /// response: about 80 float32 ulps of the layer's scale, and far below any real unit's modulation.
    /// </summary>
    public const double SilenceFloor = 1e-5;

    /// <summary>
    /// Why a set of values cannot support a conclusion (NaN, infinite, all equal, or varying by no more than
    /// <paramref name="floor"/> — rounding residue of a silent feature), or null when it can.
    /// </summary>
    public static string? WhyInconclusive(string what, IReadOnlyList<double> values, double floor = 0)
    {
        if (values.Count == 0) return $"{what}: no values";
        if (NonFinite(what, values) is { } nonFinite) return nonFinite;
        if (values.All(v => v == values[0])) return $"{what}: every value is {values[0]:G4} (a constant response, e.g. a unit that never fires on these stimuli)";
        var range = values.Max() - values.Min();
        if (range <= floor)
            return string.Create(CultureInfo.InvariantCulture,
                $"{what}: silent — its values vary by only {range:G3}, within float rounding of its layer (floor {floor:G3}, {SilenceFloor:G1} of the layer's typical peak response)");
        return null;
    }
}
