using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Specs.Support;

namespace CircuitSpec.Specs.InceptionV1;

/// <summary>
/// "Curve Detectors" (Cammarata et al., Distill 2020) re-found in the BVLC GoogLeNet. The articles' curve family sits
/// in mixed3b's 5×5 branch (379, 406, 385, …); in this training run the curve detectors sit in the same branch
/// (channels 320–415) under other numbers — universality at the level of the architecture's branch.
/// </summary>
[Collection(nameof(InceptionV1Specs))]
public sealed class CurveSpecs(InceptionV1Model inception)
{
    private Unit Unit(string address) => inception.Model.Unit(address);

    /// <summary>The curve detectors found by probing mixed3b with arcs and lines, in order of preferred orientation.</summary>
    private Family CurveFamily => inception.Model.Family("mixed3b curve detectors", "mixed3b", 358, 333, 326, 321, 398, 408, 413, 396, 361, 386, 394, 368, 409);

    [Fact]
    public void The_mixed3b_curve_detectors_tile_every_orientation_with_no_gap_over_60_degrees() =>
        CurveFamily.Should().TileTheCircle(Stimuli.Curves(), maxGap: 60,
            because: "the articles' curve family covers all orientations in steps of roughly 20–45°");

    [Fact]
    public void Mixed3b_413_is_a_curve_detector_tuned_to_arcs_at_about_171_degrees() =>
        Unit("mixed3b:413").Should().BeTunedTo(Stimuli.Curves(), "orientation", 171, tolerance: 15, period: 360);

    [Fact]
    public void Curve_detectors_have_no_echo_half_a_turn_from_their_preferred_orientation()
    {
        // The articles: unlike line detectors, curve detectors do not respond to the curve rotated by 180°.
        foreach (var unit in CurveFamily.Take(8))
            unit.Should().HaveNoEcho(Stimuli.Curves(), maxRatio: 0.2, because: "a curve rotated by 180° bends the other way");
    }

    [Fact]
    public void Mixed3b_361_prefers_curves_to_straight_lines_by_at_least_three_times() =>
        Unit("mixed3b:361").Should().PreferOver(Stimuli.CurvesNear(219), Stimuli.Lines(), minRatio: 3);

    [Fact]
    public void Mixed3b_contains_at_least_40_units_sharply_tuned_to_curve_orientation() =>
        inception.Model.Layer("mixed3b").Should().ContainTunedUnits(40, Stimuli.Curves(), "orientation", maxHalfWidth: 60, period: 360);

    [Fact]
    public void Mixed3a_92_is_an_early_curve_detector_tuned_to_about_190_degrees() =>
        Unit("mixed3a:92").Should().BeTunedTo(Stimuli.Curves(radius: 20), "orientation", 190, tolerance: 15, period: 360,
            because: "the articles find early curve detectors, smaller and less selective, one layer before mixed3b " +
                     "(read at the stimulus's centre; at map index 14, 6.5 px away, it seemed to prefer 165°)");
}
