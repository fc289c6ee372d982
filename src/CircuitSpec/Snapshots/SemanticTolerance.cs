using System.Globalization;
using CircuitSpec.Visualization;

namespace CircuitSpec.Snapshots;

/// <summary>
/// When a feature visualization's verified picture still means the same to the model as a fresh rendering: the
/// verified picture reaches at least <see cref="MinScoreShare"/> of the fresh rendering's objective value, the
/// objective's channel ranks among the top <see cref="MaxRank"/> of its layer on it, and the two pictures excite the
/// layer alike (profile correlation ≥ <see cref="MinProfileCorrelation"/>). The defaults come from the calibration in
/// bench/CircuitSpec.Bench (<c>--calibrate-snapshots</c>; its table is in the README).
/// </summary>
public sealed record SemanticTolerance(double MinScoreShare = 0.5, int MaxRank = 3, double MinProfileCorrelation = 0.5)
{
    public static SemanticTolerance Default { get; } = new();

    /// <summary>Which of the three tests the measurement fails (empty when it matches).</summary>
    public IReadOnlyList<string> Failures(VisualizationMeaning m)
    {
        var failures = new List<string>();
        if (!(m.ScoreShare >= MinScoreShare)) failures.Add($"score share {F(m.ScoreShare)} < {F(MinScoreShare)}");
        if (m.Rank is { } rank && rank > MaxRank) failures.Add($"rank {rank} of {m.Channels} > {MaxRank}");
        if (!(m.ProfileCorrelation >= MinProfileCorrelation)) failures.Add($"profile correlation {F(m.ProfileCorrelation)} < {F(MinProfileCorrelation)}");
        return failures;
    }

    public bool Accepts(VisualizationMeaning m) => Failures(m).Count == 0;

    /// <summary>The three numbers beside their thresholds, one line.</summary>
    public string Describe(VisualizationMeaning m) =>
        $"objective {m.Objective}: the verified picture scores {F(m.Score)}, a fresh rendering {F(m.ReferenceScore)} (share {F(m.ScoreShare)}, ≥ {F(MinScoreShare)} needed); " +
        (m.Rank is { } rank ? $"rank {rank} of {m.Channels} in {m.ProfileLayer} (≤ {MaxRank} needed); " : "") +
        $"{m.ProfileLayer} profile correlation {F(m.ProfileCorrelation)} (≥ {F(MinProfileCorrelation)} needed)";

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
