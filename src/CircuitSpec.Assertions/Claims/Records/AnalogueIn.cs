using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Claims;

/// <summary>Some unit of <see cref="Layer"/> in <see cref="Other"/> correlates with the subject at least <see cref="MinCorrelation"/> over the stimuli (universality).</summary>
public sealed record AnalogueIn(Unit Subject, Network Other, string Layer, StimulusSet Stimuli, double MinCorrelation = 0.8, int Seed = 0) : ClaimRecord
{
    public override string Sentence => $"{Subject.Label} to have an analogue in {Layer} of {Other.ModelName} (r ≥ {F(MinCorrelation)})";

    protected override void Guard()
    {
        Number("minCorrelation", MinCorrelation);
        NotVacuous(MinCorrelation <= -1, "every correlation is at least −1");
        Possible(MinCorrelation > 1, "no correlation exceeds 1");
    }

    protected override Verdict Decide()
    {
        var match = Universality.Match(Subject.Model, Subject.Layer, Other, Layer, Stimuli, [Subject.Channel], Seed)[0];
        return Verdict(match.Correlation >= MinCorrelation,
            () => $"the best match was {match.Analogue?.Label ?? "none"} with r = {F(match.Correlation)} (shuffled baseline {F(match.ShuffledCorrelation)})",
            () => [match.ToString(), $"stimuli: {Describe(Stimuli)}"], match.Inconclusive, match);
    }
}
