using CircuitSpec.Circuits;
using CircuitSpec.Features;
using CircuitSpec.Stimuli;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

/// <summary>Claims about a circuit: its edges' signs (<c>Hold</c>), and under ablation <c>BeFaithful</c>, <c>BeComplete</c>, <c>BeMinimal</c>.</summary>
public sealed class CircuitAssertions(Circuit subject) : ReferenceTypeAssertions<Circuit, CircuitAssertions>(subject)
{
    protected override string Identifier => "circuit";

    /// <summary>Every edge has its sign, with a net weight beyond its threshold.</summary>
    public AndWhichConstraint<CircuitAssertions, Verdict> Hold(string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new CircuitHolds(Subject), because, becauseArgs);

    /// <summary>
    /// With each target fed only along the circuit's edges (every other incoming edge ablated), the readout — the
    /// circuit's last target unless named — keeps between <paramref name="minRecovered"/> and 2 − it of the response
    /// the full model gives over every edge ablated (overshooting is no more faithful than falling short), under every
    /// ablation listed (zero, mean and resample by default). Random circuits with as many edges into each target are
    /// reported beside it. Mean and resample ablations take their values from <paramref name="reference"/> (default:
    /// <see cref="ReferenceStimuli.For"/> the model's input).
    /// </summary>
    public AndWhichConstraint<CircuitAssertions, Verdict> BeFaithful(StimulusSet on, double minRecovered = 0.8, IReadOnlyList<EdgeAblation>? ablations = null,
        Feature? readout = null, StimulusSet? reference = null, int controls = Faithfulness.DefaultControls, int seed = 0, string because = "",
        params object[] becauseArgs) =>
        Conclusion.Reach(this, new Faithful(Subject, on, minRecovered, ablations, readout, reference, controls, seed), because, becauseArgs);

    /// <summary>
    /// The circuit is complete (the IOI paper's test): removing its edges from the full model leaves at most
    /// <paramref name="maxLeft"/> of the effect, and for <paramref name="subsets"/> random subsets K of its edges, the
    /// circuit without K and the model without K keep fractions within <paramref name="maxLeft"/> of each other —
    /// nothing outside the circuit makes up for what it loses — under every ablation listed.
    /// </summary>
    public AndWhichConstraint<CircuitAssertions, Verdict> BeComplete(StimulusSet on, double maxLeft = 0.2, IReadOnlyList<EdgeAblation>? ablations = null,
        Feature? readout = null, StimulusSet? reference = null, int subsets = Faithfulness.DefaultSubsets, int seed = 0, string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new Complete(Subject, on, maxLeft, ablations, readout, reference, subsets, seed), because, becauseArgs);

    /// <summary>
    /// Leaving out any one edge takes the circuit at least <paramref name="minDrop"/> further from the full response
    /// (its closeness, 1 − |1 − recovered|), under every ablation listed; the evidence names the edges that are redundant.
    /// </summary>
    public AndWhichConstraint<CircuitAssertions, Verdict> BeMinimal(StimulusSet on, double minDrop = 0.05, IReadOnlyList<EdgeAblation>? ablations = null,
        Feature? readout = null, StimulusSet? reference = null, int seed = 0, string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new Minimal(Subject, on, minDrop, ablations, readout, reference, seed), because, becauseArgs);
}
