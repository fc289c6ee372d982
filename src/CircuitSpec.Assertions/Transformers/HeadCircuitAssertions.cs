using CircuitSpec.Circuits;
using CircuitSpec.Claims;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Models.Transformers;

public static class HeadCircuitClaims
{
    public static HeadCircuitAssertions Should(this HeadCircuit circuit) => new(circuit);
}

/// <summary>
/// The circuit verbs of the vision circuits, for a circuit of heads: faithful (the circuit alone carries the metric),
/// complete (without it, little is left), minimal (every head is needed). Ablations are of the candidate heads' outputs
/// (zero, mean or resample over the same texts); the candidates are the heads the metric can depend on.
/// </summary>
public sealed class HeadCircuitAssertions(HeadCircuit subject) : ReferenceTypeAssertions<HeadCircuit, HeadCircuitAssertions>(subject)
{
    protected override string Identifier => "head circuit";

    /// <summary>
    /// With every candidate head outside the circuit ablated, the metric keeps between <paramref name="minRecovered"/>
    /// and 2 − it of its distance from the all-ablated value to the full model's, under each ablation (zero and mean by
    /// default); random head sets of the same size are reported beside it.
    /// </summary>
    public AndWhichConstraint<HeadCircuitAssertions, Verdict> BeFaithful(TextStimulusSet on, double minRecovered = 0.8, IReadOnlyList<EdgeAblation>? ablations = null,
        int controls = 5, int seed = 0, string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new HeadCircuitFaithful(Subject, on, minRecovered, ablations, controls, seed), because, becauseArgs);

    /// <summary>With the circuit's heads ablated and every other head intact, at most <paramref name="maxLeft"/> of the metric's effect is left.</summary>
    public AndWhichConstraint<HeadCircuitAssertions, Verdict> BeComplete(TextStimulusSet on, double maxLeft = 0.2, IReadOnlyList<EdgeAblation>? ablations = null,
        int seed = 0, string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new HeadCircuitComplete(Subject, on, maxLeft, ablations, seed), because, becauseArgs);

    /// <summary>Leaving any one head out of the circuit costs at least <paramref name="minDrop"/> of its closeness to the full model.</summary>
    public AndWhichConstraint<HeadCircuitAssertions, Verdict> BeMinimal(TextStimulusSet on, double minDrop = 0.05, IReadOnlyList<EdgeAblation>? ablations = null,
        int seed = 0, string because = "", params object[] becauseArgs) =>
        Conclusion.Reach(this, new HeadCircuitMinimal(Subject, on, minDrop, ablations, seed), because, becauseArgs);
}
