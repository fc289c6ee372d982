using System.Globalization;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

/// <summary>
/// Claims about a family of units — or a whole layer, <c>model.Layer("conv2d0").Should()</c>: rotational equivariance,
/// how many of them are tuned, and whether their preferred orientations tile the circle.
/// </summary>
public sealed class FamilyAssertions(Family subject) : ReferenceTypeAssertions<Family, FamilyAssertions>(subject)
{
    protected override string Identifier => "family";

    /// <summary>
    /// Rotating the stimulus by <paramref name="rotation"/> degrees moves the peak from each member (in order) to the
    /// next, within <paramref name="tolerance"/> degrees.
    /// </summary>
    public AndConstraint<FamilyAssertions> BeEquivariantUnder(double rotation, StimulusSet oriented, double tolerance = 15, string because = "", params object[] becauseArgs)
    {
        var result = Equivariance.Measure(Subject[0].Model, Subject.Cast<Feature>().ToList(), oriented, rotation);
        return Conclusion.Reach(this, Verdict.Decide(
            $"{Subject.Name} to be equivariant under rotation by {rotation.ToString("G3", CultureInfo.InvariantCulture)}° (each step within ±{tolerance:G3}°)",
            result.WorstDeviation <= tolerance, $"the worst step deviated by {result.WorstDeviation:F0}°", [result.ToString()], result.Inconclusive), because, becauseArgs);
    }

    /// <summary>
    /// At least <paramref name="atLeast"/> members are tuned over <paramref name="parameter"/>: their tuning curve's
    /// half-maximum width is at most <paramref name="maxHalfWidth"/> (units that never respond do not count).
    /// </summary>
    public AndConstraint<FamilyAssertions> ContainTunedUnits(int atLeast, StimulusSet stimuli, string parameter, double maxHalfWidth, double period = 0,
        string because = "", params object[] becauseArgs)
    {
        var curves = Curves(stimuli, parameter, period);
        var tuned = curves.Where(c => c.Curve.Inconclusive is null && c.Curve.HalfMaximumWidth <= maxHalfWidth).ToList();
        var silent = curves.Count(c => c.Curve.Inconclusive is not null);
        return Conclusion.Reach(this, Verdict.Decide(
            $"at least {atLeast} of the {Subject.Count} units of {Subject.Name} to be tuned over {parameter} (half-maximum width ≤ {F(maxHalfWidth)})",
            tuned.Count >= atLeast, $"{tuned.Count} are ({silent} never respond to these stimuli)",
            [$"tuned: {string.Join(", ", tuned.Take(24).Select(c => $"{c.Unit.Label} → {F(c.Curve.Preferred)} (width {F(c.Curve.HalfMaximumWidth)})"))}{(tuned.Count > 24 ? ", …" : "")}",
             $"stimuli: {UnitAssertions.Describe(stimuli)}"],
            Subject.Count == 0 ? "the family has no members" : null), because, becauseArgs);
    }

    /// <summary>
    /// The members' preferred values of <paramref name="parameter"/> (a circular one, such as orientation) cover the
    /// circle: no gap between neighbouring preferences is wider than <paramref name="maxGap"/>.
    /// </summary>
    public AndConstraint<FamilyAssertions> TileTheCircle(StimulusSet stimuli, double maxGap, string parameter = "orientation", double period = 360,
        string because = "", params object[] becauseArgs)
    {
        var curves = Curves(stimuli, parameter, period);
        var preferred = curves.Select(c => Circular.Wrap(c.Curve.Preferred, period)).Order().ToList();
        var gaps = preferred.Select((p, i) => (From: p, Gap: i + 1 < preferred.Count ? preferred[i + 1] - p : preferred[0] + period - p)).ToList();
        var widest = gaps.Count == 0 ? (From: 0.0, Gap: period) : gaps.MaxBy(g => g.Gap);
        var inconclusive = Subject.Count == 0 ? "the family has no members" : curves.Select(c => c.Curve.Inconclusive).FirstOrDefault(i => i is not null);
        return Conclusion.Reach(this, Verdict.Decide($"the preferred {parameter}s of {Subject.Name} to tile {F(period)}° with no gap wider than {F(maxGap)}°",
            widest.Gap <= maxGap, $"the widest gap was {F(widest.Gap)}°, from {F(widest.From)}° to {F(Circular.Wrap(widest.From + widest.Gap, period))}°",
            [$"preferred: {string.Join(", ", curves.Select(c => $"{c.Unit.Label} {F(c.Curve.Preferred)}°"))}", $"stimuli: {UnitAssertions.Describe(stimuli)}"],
            inconclusive), because, becauseArgs);
    }

    private List<(Unit Unit, TuningCurve Curve)> Curves(StimulusSet stimuli, string parameter, double period)
    {
        if (Subject.Count == 0) return [];
        var responses = Subject[0].Model.Responses(stimuli, Subject.Cast<Feature>().ToList());
        return Subject.Select((u, i) => (u, TuningCurve.Over(responses[i], parameter, period))).ToList();
    }

    private static string F(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
