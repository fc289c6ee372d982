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
    public AndWhichConstraint<FamilyAssertions, Verdict> BeEquivariantUnder(double rotation, StimulusSet oriented, double tolerance = 15, string because = "", params object[] becauseArgs)
    {
        var claim = $"{Subject.Name} to be equivariant under rotation by {F(rotation)}° (each step within ±{F(tolerance)}°)";
        ClaimGuard.Number(claim, "the rotation", rotation);
        ClaimGuard.Number(claim, "the tolerance", tolerance);
        ClaimGuard.Possible(claim, Subject.Count < 2, "equivariance relates each member to the next, and the family has one member");
        ClaimGuard.NotVacuous(claim, tolerance >= 180, "no two orientations are more than 180° apart");
        ClaimGuard.Possible(claim, tolerance < 0, "a deviation is never negative");
        var result = Equivariance.Measure(Subject[0].Model, Subject.Cast<Feature>().ToList(), oriented, rotation);
        return Conclusion.Reach(this, Verdict.Decide(claim,
            result.WorstDeviation <= tolerance, $"the worst step deviated by {result.WorstDeviation:F0}°", [result.ToString()], result.Inconclusive), because, becauseArgs);
    }

    /// <summary>
    /// At least <paramref name="atLeast"/> members are tuned over <paramref name="parameter"/>: their tuning curve's
    /// half-maximum width is at most <paramref name="maxHalfWidth"/> and its trough is at most 1 − <paramref name="minModulation"/>
    /// of its peak (a unit that barely varies is not tuned, however narrow its peak; units that never respond do not count).
    /// </summary>
    public AndWhichConstraint<FamilyAssertions, Verdict> ContainTunedUnits(int atLeast, StimulusSet stimuli, string parameter, double maxHalfWidth, double period = 0,
        double minModulation = 0.5, string because = "", params object[] becauseArgs)
    {
        var claim = $"at least {atLeast} of the {Subject.Count} units of {Subject.Name} to be tuned over {parameter} " +
                    $"(half-maximum width ≤ {F(maxHalfWidth)}, modulation ≥ {F(minModulation)})";
        ClaimGuard.Number(claim, "maxHalfWidth", maxHalfWidth);
        ClaimGuard.Number(claim, "minModulation", minModulation);
        ClaimGuard.NotVacuous(claim, atLeast <= 0, $"any family has at least {atLeast} tuned units");
        ClaimGuard.Possible(claim, atLeast > Subject.Count, $"the family has only {Subject.Count} units");
        ClaimGuard.NotVacuous(claim, double.IsPositiveInfinity(maxHalfWidth) || (period > 0 && maxHalfWidth >= period) || minModulation <= 0,
            period > 0 && maxHalfWidth >= period ? $"no width exceeds the period {F(period)}" : "any curve that varies at all would count as tuned");
        var curves = Curves(stimuli, parameter, period);
        var nonFinite = curves.Select(c => Statistics.NonFinite(c.Unit.Label, c.Curve.Points.Select(p => p.Response).ToList())).FirstOrDefault(r => r is not null);
        var tuned = curves.Where(c => c.Curve.Inconclusive is null && c.Curve.HalfMaximumWidth <= maxHalfWidth && c.Curve.Modulation >= minModulation).ToList();
        var silent = curves.Count(c => c.Curve.Inconclusive is not null);
        var shallow = curves.Count(c => c.Curve.Inconclusive is null && c.Curve.HalfMaximumWidth <= maxHalfWidth && c.Curve.Modulation < minModulation);
        return Conclusion.Reach(this, Verdict.Decide(claim,
            tuned.Count >= atLeast, $"{tuned.Count} are ({silent} never respond to these stimuli, {shallow} peak narrowly but vary by less than {F(minModulation)} of their peak)",
            [$"tuned: {string.Join(", ", tuned.Take(24).Select(c =>
                $"{c.Unit.Label} → {F(c.Curve.Preferred)} (width {F(c.Curve.HalfMaximumWidth)}, modulation {F(c.Curve.Modulation)})"))}{(tuned.Count > 24 ? ", …" : "")}",
             $"stimuli: {UnitAssertions.Describe(stimuli)}"],
            nonFinite), because, becauseArgs);
    }

    /// <summary>
    /// The members' preferred values of <paramref name="parameter"/> (a circular one, such as orientation) cover the
    /// circle: no gap between neighbouring preferences is wider than <paramref name="maxGap"/>.
    /// </summary>
    public AndWhichConstraint<FamilyAssertions, Verdict> TileTheCircle(StimulusSet stimuli, double maxGap, string parameter = "orientation", double period = 360,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"the preferred {parameter}s of {Subject.Name} to tile {F(period)}° with no gap wider than {F(maxGap)}°";
        ClaimGuard.Number(claim, "maxGap", maxGap);
        ClaimGuard.Possible(claim, period <= 0, $"'{parameter}' needs a period to go round a circle");
        ClaimGuard.NotVacuous(claim, maxGap >= period, $"no gap on a circle of {F(period)} is wider than {F(period)}");
        ClaimGuard.Possible(claim, maxGap * Subject.Count < period,
            $"{Subject.Count} preferences split {F(period)} into gaps averaging {F(period / Subject.Count)}, so some gap exceeds {F(maxGap)}");
        var curves = Curves(stimuli, parameter, period);
        var preferred = curves.Select(c => Circular.Wrap(c.Curve.Preferred, period)).Order().ToList();
        var gaps = preferred.Select((p, i) => (From: p, Gap: i + 1 < preferred.Count ? preferred[i + 1] - p : preferred[0] + period - p)).ToList();
        var widest = gaps.Count == 0 ? (From: 0.0, Gap: period) : gaps.MaxBy(g => g.Gap);
        var inconclusive = curves.Select(c => c.Curve.Inconclusive).FirstOrDefault(i => i is not null);
        return Conclusion.Reach(this, Verdict.Decide(claim,
            widest.Gap <= maxGap, $"the widest gap was {F(widest.Gap)}°, from {F(widest.From)}° to {F(Circular.Wrap(widest.From + widest.Gap, period))}°",
            [$"preferred: {string.Join(", ", curves.Select(c => $"{c.Unit.Label} {F(c.Curve.Preferred)}°"))}", $"stimuli: {UnitAssertions.Describe(stimuli)}"],
            inconclusive), because, becauseArgs);
    }

    private List<(Unit Unit, TuningCurve Curve)> Curves(StimulusSet stimuli, string parameter, double period)
    {
        var responses = Subject[0].Model.Responses(stimuli, Subject.Cast<Feature>().ToList());
        return Subject.Select((u, i) => (u, TuningCurve.Over(responses[i], parameter, period))).ToList();
    }

    private static string F(double value) => ClaimGuard.F(value);
}
