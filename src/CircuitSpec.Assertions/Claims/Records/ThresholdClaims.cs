using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Claims;

/// <summary>
/// The feature's mean response to the stimuli is at least <see cref="AtLeast"/>. A constant or silent response never
/// holds (it is no response to these stimuli: inconclusive), but one below the threshold fails.
/// </summary>
public sealed record RespondsTo(Feature Subject, StimulusSet Stimuli, double AtLeast) : ClaimRecord
{
    public override string Sentence => $"{Subject} to respond to {Describe(Stimuli)} with a mean of at least {F(AtLeast)}";

    protected override void Guard() => ResponseThreshold(AtLeast, responsesAbove: true);

    protected override Verdict Decide()
    {
        var responses = Subject.Model.Responses(Stimuli, Subject);
        var values = responses.Values.Select(v => (double)v).ToList();
        var holds = responses.Mean >= AtLeast;
        var constant = responses.Inconclusive;
        return Verdict(holds, Finding,
            () => [$"responses: {string.Join(", ", responses.Values.Take(12).Select(v => F(v)))}{(responses.Values.Count > 12 ? ", …" : "")}"],
            Statistics.TooFew(Subject.ToString(), values.Count) ?? Statistics.NonFinite(Subject.ToString(), values) ?? (holds ? constant : null), responses);

        string Finding()
        {
            var interval = Statistics.MeanInterval(values, seed: 0);
            return $"the mean response was {F(responses.Mean)} (95 % CI {F(interval.Low)}–{F(interval.High)})" +
                   (constant is null ? "" : $"; {constant.Replace($"{Subject}: ", "", StringComparison.Ordinal)}");
        }
    }
}

/// <summary>No stimulus drives the feature above <see cref="Above"/> (a silent unit satisfies this; NaN is inconclusive).</summary>
public sealed record NotDrivenAbove(Feature Subject, StimulusSet Stimuli, double Above) : ClaimRecord
{
    public override string Sentence => $"no stimulus of {Describe(Stimuli)} to drive {Subject} above {F(Above)}";

    protected override void Guard()
    {
        ResponseThreshold(Above, responsesAbove: false);
        NotVacuous(Stimuli.Count == 0, "there are no stimuli, so none can drive it");
    }

    protected override Verdict Decide()
    {
        var responses = Subject.Model.Responses(Stimuli, Subject);
        var strongest = responses.Values.Select((v, i) => (Value: v, Stimulus: Stimuli[i])).MaxBy(p => p.Value);
        return Verdict(strongest.Value <= Above, () => $"{strongest.Stimulus} drove it to {F(strongest.Value)}",
            () => [$"mean response {F(responses.Mean)}, largest {F(strongest.Value)}" +
                   (responses.Silent ? $" (silent: it varies only by float rounding, within {F(responses.Floor)})" : "")],
            responses.Values.Any(v => !float.IsFinite(v)) ? "some responses are NaN or infinite" : null, responses);
    }
}

/// <summary>
/// Every stimulus of the region drives the feature above <see cref="Threshold"/> (<see cref="Above"/>), or none does
/// (not <see cref="Above"/>): FsCheck draws <see cref="Tests"/> of them; a failure is shrunk toward the region's centre,
/// saved as a PNG, and reported with FsCheck's replay seed, which <see cref="Replay"/> accepts.
/// </summary>
public sealed record RespondsAcross(Feature Subject, StimulusSpace Space, double Threshold, bool Above, int Tests = 100, (ulong Seed, ulong Gamma)? Replay = null)
    : ClaimRecord
{
    public override string Sentence => Above
        ? $"every stimulus of {Space} to drive {Subject} above {F(Threshold)}"
        : $"no stimulus of {Space} to drive {Subject} above {F(Threshold)}";

    protected override void Guard()
    {
        ResponseThreshold(Threshold, responsesAbove: Above);
        NotVacuous(Tests <= 0, $"{Tests} tests draw no stimulus");
    }

    protected override Verdict Decide()
    {
        // A NaN or infinite response is a counter-example of every property: it must surface, not pass as "above the threshold".
        var outcome = PropertyProbe.Run(Subject, Space, v => float.IsFinite(v) && (Above ? v > Threshold : v <= Threshold), Tests, Replay);
        var verdict = Verdict(outcome.CounterExample is null,
            () => outcome.CounterExample is null ? "it held" : $"the stimulus at {outcome.Point} ({outcome.CounterExample}) gives {F(outcome.Response)}",
            () => Evidence(outcome),
            !float.IsFinite(outcome.Response) && outcome.CounterExample is not null ? $"the response is {F(outcome.Response)} (NaN or infinite)" : null, outcome);
        return outcome.Picture is null ? verdict : verdict with { Pictures = [outcome.Picture] };
    }

    private IEnumerable<string> Evidence(ProbeOutcome outcome)
    {
        yield return $"{outcome.Evaluations} stimuli evaluated (up to {Tests} drawn, then shrinking)";
        if (outcome.CounterExample is not { } c) yield break;
        yield return $"minimal counter-example: {outcome.Point}: {c.Describe()} → response {F(outcome.Response)}";
        if (outcome.Replay is not null) yield return outcome.Replay;
    }
}
