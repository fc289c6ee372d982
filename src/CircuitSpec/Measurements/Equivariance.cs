using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Measurements;

/// <summary>
/// Rotational equivariance of a family (Circuits: curve detectors are rotated copies of one another): each member's
/// preferred orientation, and the step from one member to the next, which should equal the family's rotation step.
/// </summary>
public sealed record EquivarianceResult(IReadOnlyList<string> Members, IReadOnlyList<double> Preferred, double ExpectedStep, IReadOnlyList<TuningCurve> Curves)
{
    /// <summary>The rotation from each member's preferred orientation to the next one's, in (−180, 180].</summary>
    public IReadOnlyList<double> Steps => Preferred.Zip(Preferred.Skip(1), (a, b) => Circular.Difference(b, a, 360)).ToList();

    /// <summary>The largest difference between an observed step and the expected one.</summary>
    public double WorstDeviation => Steps.Select(s => Circular.Distance(s, ExpectedStep, 360)).DefaultIfEmpty(0).Max();

    public string? Inconclusive => Curves.Select(c => c.Inconclusive).FirstOrDefault(r => r is not null);

    public override string ToString() =>
        $"preferred orientations {string.Join(", ", Members.Zip(Preferred, (m, p) => $"{m}: {p:F0}°"))}; steps {string.Join(", ", Steps.Select(s => $"{s:F0}°"))} " +
        $"(expected {ExpectedStep:F0}°, worst deviation {WorstDeviation:F0}°)";
}

public static class Equivariance
{
    /// <summary>
    /// Measures each member's tuning over the stimuli's orientation (the family in rotation order) and compares the
    /// steps between their preferred orientations with <paramref name="expectedStep"/>.
    /// </summary>
    public static EquivarianceResult Measure(Network model, IReadOnlyList<Feature> family, StimulusSet orientedStimuli, double expectedStep)
    {
        var responses = model.Responses(orientedStimuli, family);
        var curves = responses.Select(r => TuningCurve.OverOrientation(r)).ToList();
        return new EquivarianceResult(family.Select(f => f.ToString()).ToList(), curves.Select(c => c.Preferred).ToList(), expectedStep, curves);
    }
}
