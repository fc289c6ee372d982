using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Specs.Support;
using static CircuitSpec.Specs.Support.ImageNetStimuli;

namespace CircuitSpec.Specs.ResNet18;

/// <summary>
/// Early vision in the real ImageNet ResNet-18, found with the probe tools (unit ids are this model's own): an edge
/// detector and two colour-contrast detectors in layer1, curve detectors in layer2 built from conv1 edge detectors
/// along their arcs, and a circle detector in layer3.
/// </summary>
[Collection(nameof(ImageNetSpecs))]
public sealed class ResNet18Specs(ImageNetModels models)
{
    private Unit Unit(string address) => models.ResNet18.Unit(address);

    // ---- an edge detector ----

    [Fact]
    public void Layer1_12_is_an_edge_detector_tuned_to_edges_at_105_degrees() =>
        Unit("layer1:12").Should().BeTunedTo(EdgesAround, "orientation", 105, 15, period: 360,
            because: "its response to a white-on-black edge peaks at 105° (FWHM about 24°)");

    [Fact]
    public void Layer1_12_has_no_echo_for_the_reversed_edge() =>
        Unit("layer1:12").Should().HaveNoEcho(EdgesAround, because: "it tells light-on-the-left from light-on-the-right: the same boundary reversed leaves it silent");

    // ---- colour contrast ----

    [Fact]
    public void Layer1_50_is_a_red_cyan_contrast_detector_preferring_colour_edges_to_grey_ones_by_five_times() =>
        Unit("layer1:50").Should().PreferOver(ColourEdges(Red, Cyan, 330), GreyEdges(330), minRatio: 5,
            because: "a red/cyan boundary drives it about 30× more than a white/black one of the same orientation");

    [Fact]
    public void Layer1_50_is_tuned_to_red_cyan_edges_at_330_degrees() =>
        Unit("layer1:50").Should().BeTunedTo(ColourEdgesAround(Red, Cyan), "orientation", 330, 15, period: 360,
            because: "red on the upper-right side of a boundary running at about 330°, cyan on the other");

    [Fact]
    public void Layer1_20_is_a_blue_yellow_contrast_detector_preferring_colour_edges_to_grey_ones_by_five_times() =>
        Unit("layer1:20").Should().PreferOver(ColourEdges(Blue, Yellow, 315), GreyEdges(315), minRatio: 5,
            because: "it is silent on white/black edges and strong on a blue/yellow boundary at 315°");

    // ---- curve detectors ----

    [Fact]
    public void Layer2_89_is_a_curve_detector_tuned_to_arcs_facing_214_degrees() =>
        Unit("layer2:89").Should().BeTunedTo(ArcsAround, "orientation", 214, 15, period: 360, because: "its radial tuning curve peaks at 214°");

    [Fact]
    public void Layer2_89_prefers_its_arcs_to_straight_lines_by_three_times() =>
        Unit("layer2:89").Should().PreferOver(ArcsFacing(214), Lines, minRatio: 3, because: "no straight line through the centre drives it");

    [Fact]
    public void Layer2_89_has_no_echo_half_a_turn_from_its_preferred_arc() =>
        Unit("layer2:89").Should().HaveNoEcho(ArcsAround, because: "arcs facing 34° leave it silent");

    [Fact]
    public void Layer2_89_is_built_from_conv1_edge_detectors_that_follow_its_arcs_tangent() =>
        Unit("layer2:89").Should().HaveAmongStrongestInputs([Unit("relu:23"), Unit("relu:48"), Unit("relu:42")], top: 8, expanded: true,
            because: "relu:23 (edges at 91°), relu:48 (110°) and relu:42 (169°) span the tangents of an arc facing 214° (79°–169°)");

    [Fact]
    public void Ablating_the_four_strongest_conv1_inputs_removes_most_of_layer2_89s_response_to_its_arcs() =>
        new Family("relu:23, 42, 48, 47", [Unit("relu:23"), Unit("relu:42"), Unit("relu:48"), Unit("relu:47")]).Zeroed().Should()
            .ReduceResponseOf(Unit("layer2:89"), on: ArcsFacing(214), byAtLeast: 0.8,
                because: "the curve detector is assembled from these edge detectors (measured: −97 %)");

    [Fact]
    public void Layer2_72_is_a_curve_detector_tuned_to_arcs_facing_298_degrees_with_no_echo() =>
        Unit("layer2:72").Should().BeTunedTo(ArcsAround, "orientation", 298, 15, period: 360, because: "a second curve detector, a different orientation")
            .And.HaveNoEcho(ArcsAround);

    // ---- a circle detector ----

    [Fact]
    public void Layer3_155_responds_to_rings_of_radius_30() =>
        Unit("layer3:155").Should().RespondTo(Rings, atLeast: 3, because: "rings of radius 28–32 drive it to about 6");

    [Fact]
    public void Layer3_155_prefers_whole_rings_to_any_of_their_arcs_by_five_times() =>
        Unit("layer3:155").Should().PreferOver(Rings, ArcsAround, minRatio: 5, because: "a single arc, in any orientation, barely drives it: it wants the whole circle");

    // ---- pictures ----

    [Theory]
    [InlineData("layer1:12", "relu")]
    [InlineData("layer1:50", "relu")]
    [InlineData("layer1:20", "relu")]
    [InlineData("layer2:89", "relu")]
    [InlineData("layer2:72", "relu")]
    [InlineData("layer3:155", "layer2")]
    public Task Portrait(string unit, string inputsFrom) => Portraits.MatchSnapshots(Unit(unit), inputsFrom);
}
