using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using FluentAssertions;

namespace CircuitSpec.Claims;

/// <summary>
/// Claims about one unit: its analogues in other models (<c>HaveAnalogueIn</c>), beside the weight and stimulus claims
/// every feature has (<see cref="FeatureAssertions{TFeature,TAssertions}"/>).
/// </summary>
public sealed class UnitAssertions(Unit subject) : FeatureAssertions<Unit, UnitAssertions>(subject)
{
    protected override string Identifier => "unit";

    // ---- universality ----

    /// <summary>Some unit of <paramref name="layer"/> in <paramref name="other"/> correlates with this one at least <paramref name="minCorrelation"/> over the stimuli.</summary>
    public AndWhichConstraint<UnitAssertions, Verdict> HaveAnalogueIn(Network other, string layer, StimulusSet stimuli, double minCorrelation = 0.8, int seed = 0,
        string because = "", params object[] becauseArgs) =>
        Reach(new AnalogueIn(Subject, other, layer, stimuli, minCorrelation, seed), because, becauseArgs);
}
