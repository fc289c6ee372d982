using System.Globalization;
using CircuitSpec.Visualization;

namespace CircuitSpec.Snapshots;

/// <summary>
/// When a feature visualization's verified picture still means the same to the model as a fresh rendering: the
/// verified picture reaches at least <see cref="MinScoreShare"/> of the fresh rendering's objective value, and the
/// objective's channel ranks among the top <see cref="MaxRank"/> of its layer on it; optionally the two pictures excite
/// the layer alike (profile correlation ≥ <see cref="MinProfileCorrelation"/>). The defaults come from the calibration
/// (<c>CircuitSpec.Bench calibrate-snapshots</c>, table in the README): over 32 live units of three models, every
/// same-feature pair (2 seeds × 2 math settings) scored ≥ 0.776 and ranked ≤ 11, while other units' pictures scored
/// ≤ 0.717; the profile correlation fell to 0.26 between two seeds of a mixed5a unit while reaching 0.81 for changed
/// features, so it is reported, not judged, by default.
/// </summary>
public sealed record SemanticTolerance(double MinScoreShare = 0.75, int MaxRank = 16, double? MinProfileCorrelation = null)
{
    public static SemanticTolerance Default { get; } = new();

    /// <summary>Which of the three tests the measurement fails (empty when it matches).</summary>
    public IReadOnlyList<string> Failures(VisualizationMeaning m)
    {
        var failures = new List<string>();
        if (!(m.ReferenceScore > 0))
            failures.Add($"a fresh rendering scores {F(m.ReferenceScore)}: the recipe never drives the objective above 0, so there is no feature to compare (a dead unit?)");
        else if (!(m.ScoreShare >= MinScoreShare)) failures.Add($"score share {F(m.ScoreShare)} < {F(MinScoreShare)}");
        if (m.Rank is { } rank && rank > MaxRank) failures.Add($"rank {rank} of {m.Channels} > {MaxRank}");
        if (MinProfileCorrelation is { } r && !(m.ProfileCorrelation >= r)) failures.Add($"profile correlation {F(m.ProfileCorrelation)} < {F(r)}");
        return failures;
    }

    public bool Accepts(VisualizationMeaning m) => Failures(m).Count == 0;

    /// <summary>The three numbers beside their thresholds, one line.</summary>
    public string Describe(VisualizationMeaning m) =>
        $"objective {m.Objective}: the verified picture scores {F(m.Score)}, a fresh rendering {F(m.ReferenceScore)} (share {F(m.ScoreShare)}, ≥ {F(MinScoreShare)} needed); " +
        (m.Rank is { } rank ? $"rank {rank} of {m.Channels} in {m.ProfileLayer} (≤ {MaxRank} needed); " : "") +
        $"{m.ProfileLayer} profile correlation {F(m.ProfileCorrelation)}{(MinProfileCorrelation is { } r ? $" (≥ {F(r)} needed)" : " (reported, not judged)")}";

    private static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
