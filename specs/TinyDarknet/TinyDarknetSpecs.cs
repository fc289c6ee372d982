using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Specs.Support;
using static CircuitSpec.Specs.Support.ImageNetStimuli;

namespace CircuitSpec.Specs.TinyDarknet;

/// <summary>
/// Early vision in the real ImageNet Tiny Darknet (leaky ReLUs, so "silent" means at most slightly negative): an edge
/// detector and a colour-contrast detector in its second layer, a curve detector built from edge detectors, and a
/// circle detector in leaky_re_lu_10.
/// </summary>
[Collection(nameof(ImageNetSpecs))]
public sealed class TinyDarknetSpecs(ImageNetModels models)
{
    private Unit Unit(string address) => models.TinyDarknet.Unit(address);

    [Fact]
    public void Leaky_re_lu_2_19_is_an_edge_detector_tuned_to_edges_at_356_degrees() =>
        Unit("leaky_re_lu_2:19").Should().BeTunedTo(EdgesAround, "orientation", 356, 15, period: 360, because: "its edge tuning curve peaks at 356°");

    [Fact]
    public void Leaky_re_lu_2_19_has_no_echo_for_the_reversed_edge() =>
        Unit("leaky_re_lu_2:19").Should().HaveNoEcho(EdgesAround, because: "the reversed boundary drives it to under a fifth of its peak");

    [Fact]
    public void Leaky_re_lu_2_4_responds_strongly_to_red_cyan_edges() =>
        Unit("leaky_re_lu_2:4").Should().RespondTo(ColourEdges(Red, Cyan, 315), atLeast: 20, because: "a red/cyan boundary at 315° drives it to about 47");

    [Fact]
    public void Leaky_re_lu_2_4_ignores_white_black_edges_of_every_orientation() =>
        Unit("leaky_re_lu_2:4").Should().NotRespondTo(EdgesAround, above: 2, because: "it is a colour-contrast unit, not a luminance edge detector");

    [Fact]
    public void Leaky_re_lu_6_21_is_a_curve_detector_tuned_to_arcs_facing_285_degrees() =>
        Unit("leaky_re_lu_6:21").Should().BeTunedTo(ArcsAround, "orientation", 285, 15, period: 360, because: "its radial tuning curve peaks at 285°");

    [Fact]
    public void Leaky_re_lu_6_21_responds_to_its_arcs_and_to_no_straight_line() =>
        Unit("leaky_re_lu_6:21").Should().RespondTo(ArcsFacing(285), atLeast: 1, because: "its arcs drive it to about 3")
            .And.NotRespondTo(Lines, above: 0.1, because: "every straight line through the centre leaves it at or below zero");

    [Fact]
    public void Leaky_re_lu_6_21_has_no_echo_half_a_turn_from_its_preferred_arc() =>
        Unit("leaky_re_lu_6:21").Should().HaveNoEcho(ArcsAround, because: "arcs facing 105° drive it to under a tenth of its peak");

    [Fact]
    public void Leaky_re_lu_6_21_is_built_from_edge_detectors_along_its_arc() =>
        Unit("leaky_re_lu_6:21").Should().HaveAmongStrongestInputs([Unit("leaky_re_lu_2:5"), Unit("leaky_re_lu_2:24")], top: 4, expanded: true,
            because: "leaky_re_lu_2:5 (edges at 50°) and :24 (29°) run along the arc's tangent at its lower end (tangents 150°–240°, i.e. 150°–180° and 0°–60°)");

    [Fact]
    public void Ablating_the_four_strongest_second_layer_inputs_removes_most_of_leaky_re_lu_6_21s_response() =>
        new Family("leaky_re_lu_2:14, 26, 5, 24", [Unit("leaky_re_lu_2:14"), Unit("leaky_re_lu_2:26"), Unit("leaky_re_lu_2:5"), Unit("leaky_re_lu_2:24")])
            .Zeroed().Should().ReduceResponseOf(Unit("leaky_re_lu_6:21"), on: ArcsFacing(285), byAtLeast: 0.8,
                because: "without them the curve detector falls below zero (measured: −129 %)");

    [Fact]
    public void Leaky_re_lu_10_251_responds_to_rings_of_radius_30_but_to_none_of_their_arcs() =>
        Unit("leaky_re_lu_10:251").Should().RespondTo(Rings, atLeast: 1.5, because: "rings of radius 28–32 drive it to about 3")
            .And.NotRespondTo(ArcsAround, above: 0.5, because: "no single arc, whatever its orientation, does");

    [Theory]
    [InlineData("leaky_re_lu_2:19", "leaky_re_lu_1")]
    [InlineData("leaky_re_lu_2:4", "leaky_re_lu_1")]
    [InlineData("leaky_re_lu_6:21", "leaky_re_lu_2")]
    [InlineData("leaky_re_lu_10:251", "leaky_re_lu_8")]
    public Task Portrait(string unit, string inputsFrom) => Portraits.MatchSnapshots(Unit(unit), inputsFrom);
}
