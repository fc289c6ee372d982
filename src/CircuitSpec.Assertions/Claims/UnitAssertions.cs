using CircuitSpec.Features;
using CircuitSpec.Measurements;
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
        string because = "", params object[] becauseArgs)
    {
        var claim = $"{Subject.Label} to have an analogue in {layer} of {other.ModelName} (r ≥ {F(minCorrelation)})";
        ClaimGuard.Number(claim, "minCorrelation", minCorrelation);
        ClaimGuard.NotVacuous(claim, minCorrelation <= -1, "every correlation is at least −1");
        ClaimGuard.Possible(claim, minCorrelation > 1, "no correlation exceeds 1");
        var match = Universality.Match(Subject.Model, Subject.Layer, other, layer, stimuli, [Subject.Channel], seed)[0];
        return Reach(Verdict.Decide(claim,
            match.Correlation >= minCorrelation,
            $"the best match was {match.Analogue?.Label ?? "none"} with r = {F(match.Correlation)} (shuffled baseline {F(match.ShuffledCorrelation)})",
            [match.ToString(), $"stimuli: {Describe(stimuli)}"], match.Inconclusive), because, becauseArgs);
    }
}
