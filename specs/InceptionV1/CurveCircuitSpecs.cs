using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Specs.Support;

namespace CircuitSpec.Specs.InceptionV1;

/// <summary>
/// The curve circuit (Cammarata et al., "Curve Circuits", Distill 2021): mixed3b curve detectors are built from
/// mixed3a early curve detectors of similar orientation (positive weights) and inhibited by those of the opposite
/// orientation. Orientations in brackets were measured by probing with arcs; weights are effective (expanded through
/// mixed3b's 5×5 bottleneck).
/// </summary>
[Collection(nameof(InceptionV1Specs))]
public sealed class CurveCircuitSpecs(InceptionV1Model inception)
{
    private Unit Unit(string address) => inception.Model.Unit(address);

    [Fact]
    public void Mixed3b_413_is_excited_by_early_curves_of_similar_orientation() =>
        Unit("mixed3b:413").Should().BeExcitedBy([Unit("mixed3a:92"), Unit("mixed3a:83")], minWeight: 0.2,
            because: "3a:92 (190°) and 3a:83 are early curve detectors pointing roughly the way 3b:413 (171°) does");

    [Fact]
    public void Mixed3b_413_is_inhibited_by_early_curves_of_the_opposite_orientation() =>
        Unit("mixed3b:413").Should().BeInhibitedBy([Unit("mixed3a:117"), Unit("mixed3a:84"), Unit("mixed3a:94")], minWeight: 0.05,
            because: "3a:117 (26°), 3a:84 (15°) and 3a:94 (346°) point the other way");

    [Fact]
    public void The_curve_circuits_of_three_more_orientations_hold_edge_by_edge() =>
        new Circuit("early curves → mixed3b curves")
            .Excites(Unit("mixed3a:92"), Unit("mixed3b:361"), 0.3).Excites(Unit("mixed3a:83"), Unit("mixed3b:361"), 0.3)
            .Inhibits(Unit("mixed3a:84"), Unit("mixed3b:361"), 0.3).Inhibits(Unit("mixed3a:64"), Unit("mixed3b:361"), 0.3)
            .Excites(Unit("mixed3a:138"), Unit("mixed3b:394"), 0.3).Excites(Unit("mixed3a:130"), Unit("mixed3b:394"), 0.3)
            .Inhibits(Unit("mixed3a:144"), Unit("mixed3b:394"), 0.3).Inhibits(Unit("mixed3a:171"), Unit("mixed3b:394"), 0.3)
            .Excites(Unit("mixed3a:64"), Unit("mixed3b:321"), 0.3).Excites(Unit("mixed3a:144"), Unit("mixed3b:321"), 0.3)
            .Inhibits(Unit("mixed3a:130"), Unit("mixed3b:321"), 0.1).Inhibits(Unit("mixed3a:210"), Unit("mixed3b:321"), 0.1)
            .Should().Hold(because: "each mixed3b curve detector adds up early curves that agree with it and subtracts those that oppose it");

    [Fact]
    public void Ablating_its_two_strongest_excitatory_inputs_removes_at_least_40_percent_of_mixed3b_413s_response_to_its_curves() =>
        inception.Model.Family("3b:413's strongest inputs 3a:3, 3a:20", "mixed3a", 3, 20).Ablated()
            .Should().ReduceResponseOf(Unit("mixed3b:413"), on: Stimuli.CurvesNear(171), byAtLeast: 0.4);

    [Fact]
    public void Ablating_two_random_mixed3a_units_leaves_mixed3b_413_alone()
    {
        var random = new Random(0);
        var channels = Enumerable.Range(0, 256).Where(c => c is not 3 and not 20).OrderBy(_ => random.Next()).Take(2).Select(c => (long)c).ToArray();
        inception.Model.Family("two random mixed3a units (seed 0)", "mixed3a", channels).Ablated()
            .Should().NotChangeResponseOf(Unit("mixed3b:413"), on: Stimuli.CurvesNear(171), byMoreThan: 0.1, because: "it is the negative control of the ablation above");
    }

    [Fact]
    public void Negative_finding_ablating_the_early_curves_92_and_83_barely_changes_mixed3b_413_despite_their_positive_weights() =>
        inception.Model.Family("early curves 92, 83", "mixed3a", 92, 83).Ablated()
            .Should().NotChangeResponseOf(Unit("mixed3b:413"), on: Stimuli.CurvesNear(171), byMoreThan: 0.15,
                because: "in this model the response to these arcs is carried by other inputs (3a:3, 3a:20), not by the early curve detectors — " +
                         "the articles' ablations found the early curves necessary; here the weights exist but the response does not depend on them");

    [Fact]
    public void The_same_ablation_leaves_a_curve_detector_of_another_orientation_alone() =>
        inception.Model.Family("early curves 92, 83", "mixed3a", 92, 83).Ablated()
            .Should().NotChangeResponseOf(Unit("mixed3b:409"), on: Stimuli.CurvesNear(333), byMoreThan: 0.15,
                because: "3b:409 (333°) gets almost no weight from them");
}
