using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Claims;

/// <summary>Rotating the stimulus by <see cref="Rotation"/> degrees moves the peak from each member (in order) to the next, within <see cref="Tolerance"/> degrees.</summary>
public sealed record Equivariant(Family Subject, double Rotation, StimulusSet Oriented, double Tolerance = 15) : ClaimRecord
{
    public override string Sentence => $"{Subject.Name} to be equivariant under rotation by {F(Rotation)}° (each step within ±{F(Tolerance)}°)";

    protected override void Guard()
    {
        Number("the rotation", Rotation);
        Number("the tolerance", Tolerance);
        Possible(Subject.Count < 2, "equivariance relates each member to the next, and the family has one member");
        NotVacuous(Tolerance >= 180, "no two orientations are more than 180° apart");
        Possible(Tolerance < 0, "a deviation is never negative");
    }

    protected override Verdict Decide()
    {
        var result = Equivariance.Measure(Subject[0].Model, Subject.Cast<Feature>().ToList(), Oriented, Rotation);
        return Verdict(result.WorstDeviation <= Tolerance, () => $"the worst step deviated by {result.WorstDeviation:F0}°", () => [result.ToString()],
            result.Inconclusive, result);
    }
}

/// <summary>
/// At least <see cref="AtLeast"/> members are tuned over <see cref="Parameter"/>: their tuning curve's half-maximum
/// width is at most <see cref="MaxHalfWidth"/> and its trough at most 1 − <see cref="MinModulation"/> of its peak (a
/// unit that barely varies is not tuned, however narrow its peak; units that never respond do not count).
/// </summary>
public sealed record ContainsTunedUnits(Family Subject, int AtLeast, StimulusSet Stimuli, string Parameter, double MaxHalfWidth, double Period = 0,
    double MinModulation = 0.5) : ClaimRecord
{
    public override string Sentence => $"at least {AtLeast} of the {Subject.Count} units of {Subject.Name} to be tuned over {Parameter} " +
                                       $"(half-maximum width ≤ {F(MaxHalfWidth)}, modulation ≥ {F(MinModulation)})";

    protected override void Guard()
    {
        Number("maxHalfWidth", MaxHalfWidth);
        Number("minModulation", MinModulation);
        NotVacuous(AtLeast <= 0, $"any family has at least {AtLeast} tuned units");
        Possible(AtLeast > Subject.Count, $"the family has only {Subject.Count} units");
        NotVacuous(double.IsPositiveInfinity(MaxHalfWidth) || (Period > 0 && MaxHalfWidth >= Period) || MinModulation <= 0,
            Period > 0 && MaxHalfWidth >= Period ? $"no width exceeds the period {F(Period)}" : "any curve that varies at all would count as tuned");
    }

    protected override Verdict Decide()
    {
        var curves = FamilyCurves.Of(Subject, Stimuli, Parameter, Period);
        var nonFinite = curves.Select(c => Statistics.NonFinite(c.Unit.Label, c.Curve.Points.Select(p => p.Response).ToList())).FirstOrDefault(r => r is not null);
        var tuned = curves.Where(c => c.Curve.Inconclusive is null && c.Curve.HalfMaximumWidth <= MaxHalfWidth && c.Curve.Modulation >= MinModulation).ToList();
        var silent = curves.Count(c => c.Curve.Inconclusive is not null);
        var shallow = curves.Count(c => c.Curve.Inconclusive is null && c.Curve.HalfMaximumWidth <= MaxHalfWidth && c.Curve.Modulation < MinModulation);
        return Verdict(tuned.Count >= AtLeast,
            () => $"{tuned.Count} are ({silent} never respond to these stimuli, {shallow} peak narrowly but vary by less than {F(MinModulation)} of their peak)",
            () =>
            [
                $"tuned: {string.Join(", ", tuned.Take(24).Select(c =>
                    $"{c.Unit.Label} → {F(c.Curve.Preferred)} (width {F(c.Curve.HalfMaximumWidth)}, modulation {F(c.Curve.Modulation)})"))}{(tuned.Count > 24 ? ", …" : "")}",
                $"stimuli: {Describe(Stimuli)}",
            ],
            nonFinite, [.. curves.Select(c => c.Curve)]);
    }
}

/// <summary>
/// The members' preferred values of <see cref="Parameter"/> (a circular one, such as orientation) cover the circle: no
/// gap between neighbouring preferences is wider than <see cref="MaxGap"/>.
/// </summary>
public sealed record TilesTheCircle(Family Subject, StimulusSet Stimuli, double MaxGap, string Parameter = "orientation", double Period = 360) : ClaimRecord
{
    public override string Sentence => $"the preferred {Parameter}s of {Subject.Name} to tile {F(Period)}° with no gap wider than {F(MaxGap)}°";

    protected override void Guard()
    {
        Number("maxGap", MaxGap);
        Possible(Period <= 0, $"'{Parameter}' needs a period to go round a circle");
        NotVacuous(MaxGap >= Period, $"no gap on a circle of {F(Period)} is wider than {F(Period)}");
        Possible(MaxGap * Subject.Count < Period,
            $"{Subject.Count} preferences split {F(Period)} into gaps averaging {F(Period / Subject.Count)}, so some gap exceeds {F(MaxGap)}");
    }

    protected override Verdict Decide()
    {
        var curves = FamilyCurves.Of(Subject, Stimuli, Parameter, Period);
        var preferred = curves.Select(c => Circular.Wrap(c.Curve.Preferred, Period)).Order().ToList();
        var gaps = preferred.Select((p, i) => (From: p, Gap: i + 1 < preferred.Count ? preferred[i + 1] - p : preferred[0] + Period - p)).ToList();
        var widest = gaps.Count == 0 ? (From: 0.0, Gap: Period) : gaps.MaxBy(g => g.Gap);
        return Verdict(widest.Gap <= MaxGap,
            () => $"the widest gap was {F(widest.Gap)}°, from {F(widest.From)}° to {F(Circular.Wrap(widest.From + widest.Gap, Period))}°",
            () => [$"preferred: {string.Join(", ", curves.Select(c => $"{c.Unit.Label} {F(c.Curve.Preferred)}°"))}", $"stimuli: {Describe(Stimuli)}"],
            curves.Select(c => c.Curve.Inconclusive).FirstOrDefault(i => i is not null), [.. curves.Select(c => c.Curve)]);
    }
}

internal static class FamilyCurves
{
    /// <summary>Each member's tuning curve, from one pass over the stimuli.</summary>
    public static IReadOnlyList<(Unit Unit, TuningCurve Curve)> Of(Family family, StimulusSet stimuli, string parameter, double period)
    {
        var responses = family[0].Model.Responses(stimuli, family.Cast<Feature>().ToList());
        return family.Select((u, i) => (u, TuningCurve.Over(responses[i], parameter, period))).ToList();
    }
}
