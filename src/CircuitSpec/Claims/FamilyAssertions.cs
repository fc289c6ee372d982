using System.Globalization;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

/// <summary>Claims about a family of units, such as rotational equivariance.</summary>
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
}
