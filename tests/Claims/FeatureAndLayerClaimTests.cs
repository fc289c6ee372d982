using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Claims;

/// <summary>Claims on directions, whole layers and colour spaces, and the "too few stimuli" rule, on planted models.</summary>
public sealed class FeatureAndLayerClaimTests(ITestOutputHelper output)
{
    private static readonly double[] Directions = [0, 45, 90, 135, 180, 225, 270, 315];
    private static StimulusSet Edges() => Synthetic.Edges(Synthetic.Angles(10));

    private string Message(Action act)
    {
        var message = act.Should().Throw<XunitException>().Which.Message;
        output.WriteLine(message);
        return message;
    }

    [Fact]
    public void A_direction_between_two_edge_units_is_tuned_between_them()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var vector = new float[16];
        (vector[2], vector[4]) = (1, 1); // units preferring edges at 0° and 90°
        var between = model.Direction("edges_relu", vector, "0°+90° edges");
        between.Should().BeTunedTo(Edges(), "orientation", 45, tolerance: 10, period: 360);
        Message(() => between.Should().BeTunedTo(Edges(), "orientation", 0, tolerance: 10, period: 360))
            .Should().Match("Expected 0°+90° edges (edges_relu) to be tuned to orientation 0 ± 10, but it prefers 4? (4?* away)*");
    }

    [Fact]
    public void A_direction_is_compared_with_random_units_of_its_layer()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var vector = new float[16];
        vector[2] = 1;
        var direction = model.Direction("edges_relu", vector, "rightward edges");
        var preferred = new StimulusSet(Enumerable.Range(0, 8).Select(i => new Edge(0, Offset: i * 0.3 - 1) { Noise = 0.2, Seed = i }));
        var opposite = new StimulusSet(Enumerable.Range(0, 8).Select(i => new Edge(180, Offset: i * 0.3 - 1) { Noise = 0.2, Seed = 50 + i }));
        direction.Should().PreferOver(preferred, opposite, minRatio: 5);
        Message(() => direction.Should().PreferOver(opposite, preferred))
            .Should().Match("Expected rightward edges (edges_relu) to prefer*but the ratio was 0*random units of edges_relu*");
    }

    [Fact]
    public void A_layer_contains_as_many_tuned_units_as_were_planted()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var layer = model.Layer("edges_relu");
        layer.Should().ContainTunedUnits(8, Edges(), "orientation", maxHalfWidth: 150, period: 360);
        Message(() => layer.Should().ContainTunedUnits(12, Edges(), "orientation", maxHalfWidth: 150, period: 360))
            .Should().Match("Expected at least 12 of the 16 units of edges_relu to be tuned over orientation (half-maximum width ≤ 150, modulation ≥ 0.5), but 8 are (8 never " +
                "respond*edges_relu:0 → 27?*modulation 1*");
    }

    [Fact]
    public void Eight_edge_units_tile_the_circle_and_three_do_not()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        model.Family("edge units", "edges_relu", 0, 1, 2, 3, 4, 5, 6, 7).Should().TileTheCircle(Edges(), maxGap: 60);
        Message(() => model.Family("three edge units", "edges_relu", 0, 1, 2).Should().TileTheCircle(Edges(), maxGap: 150))
            .Should().Match("Expected the preferred orientations of three edge units to tile 360° with no gap wider than 150°, but the widest gap was 27?°*");
    }

    [Fact]
    public void Colour_spaces_are_probed_and_shrink_to_a_named_colour()
    {
        using var model = PlantedModels.ColourOpponents();
        var red = model.Unit("edges_relu:0");
        red.Should().RespondAbove(0.5, StimulusSpace.ColourPatches(hue: (-30, 30)), tests: 40);
        red.Should().StayAtMost(0.01, StimulusSpace.ColourPatches(hue: (90, 270), saturation: (0.2, 1)), tests: 40);
        Message(() => red.Should().StayAtMost(0.1, StimulusSpace.ColourPatches(hue: (0, 360)), tests: 40))
            .Should().Match("*but the stimulus at hue=*, saturation=1 (colour-patch(*)) gives 0.*minimal counter-example: hue=*: colour-patch(*) in rgb(* on rgb(0.5, 0.5, 0.5) → response*replay: (*");
    }

    [Fact]
    public void Hue_makes_the_colours_named_by_the_colour_wheel()
    {
        Rgb.FromHsv(0).Should().Be(new Rgb(1, 0, 0));
        Rgb.FromHsv(120).Should().Be(new Rgb(0, 1, 0));
        Rgb.FromHsv(240).Should().Be(new Rgb(0, 0, 1));
        Rgb.FromHsv(60).Should().Be(new Rgb(1, 1, 0));
        Rgb.FromHsv(-60).Should().Be(new Rgb(1, 0, 1));
        Rgb.FromHsv(200, saturation: 0).Should().Be(Rgb.White);
    }

    [Fact]
    public void Too_few_stimuli_for_the_confidence_make_a_claim_inconclusive_never_passing()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var unit = model.Unit("edges_relu:2");
        var three = new StimulusSet([new Edge(0), new Edge(0, Offset: 1), new Edge(0, Offset: -1)]);
        var opposite = Synthetic.Edges([180, 170, 190, 175, 185, 180]);
        Message(() => unit.Should().PreferOver(three, opposite, minRatio: 1.5))
            .Should().Match("*but the evidence is inconclusive: edges_relu:2, preferred: 3 stimuli are too few for 95 % confidence (at least 6 are needed*");
        Message(() => unit.Should().RespondTo(three, atLeast: 0))
            .Should().Match("*inconclusive: edges_relu:2: 3 stimuli are too few*");
        CircuitSpec.Measurements.Statistics.MinimumSample(0.95).Should().Be(6);
        CircuitSpec.Measurements.Statistics.MinimumSample(0.99).Should().Be(8);
    }
}
