using CircuitSpec.Features;
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
    public AndWhichConstraint<FamilyAssertions, Verdict> BeEquivariantUnder(double rotation, StimulusSet oriented, double tolerance = 15, string because = "",
        params object[] becauseArgs) =>
        Conclusion.Reach(this, new Equivariant(Subject, rotation, oriented, tolerance), because, becauseArgs);

    /// <summary>
    /// At least <paramref name="atLeast"/> members are tuned over <paramref name="parameter"/>: their tuning curve's
    /// half-maximum width is at most <paramref name="maxHalfWidth"/> and its trough is at most 1 − <paramref name="minModulation"/>
    /// of its peak (a unit that barely varies is not tuned, however narrow its peak; units that never respond do not count).
    /// </summary>
    public AndWhichConstraint<FamilyAssertions, Verdict> ContainTunedUnits(int atLeast, StimulusSet stimuli, string parameter, double maxHalfWidth, double period = 0,
        double minModulation = 0.5, string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new ContainsTunedUnits(Subject, atLeast, stimuli, parameter, maxHalfWidth, period, minModulation), because, becauseArgs);

    /// <summary>
    /// The members' preferred values of <paramref name="parameter"/> (a circular one, such as orientation) cover the
    /// circle: no gap between neighbouring preferences is wider than <paramref name="maxGap"/>.
    /// </summary>
    public AndWhichConstraint<FamilyAssertions, Verdict> TileTheCircle(StimulusSet stimuli, double maxGap, string parameter = "orientation", double period = 360,
        string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new TilesTheCircle(Subject, stimuli, maxGap, parameter, period), because, becauseArgs);
}
