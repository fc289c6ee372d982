using CircuitSpec.Claims;
using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Models.Planted;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Stimuli;
using static CircuitSpec.Models.Planted.PlantedStimuli;

namespace CircuitSpec.Tests.BadClaims;

/// <summary>Claims about units that do not exist, or with stimuli the model cannot take: typed errors that say what would be valid.</summary>
public sealed class MisaddressedClaimTests(ITestOutputHelper output)
{
    [Fact]
    public void A_mistyped_layer_is_refused_with_the_nearest_names()
    {
        using var model = PlantedCircuit.Build();
        var error = FluentActions.Invoking(() => model.Unit("curve_relu:2").Should().BeTunedTo(ArcsAround, "orientation", 90, 15, 360))
            .Should().Throw<UnknownPointException>().Which;
        output.WriteLine(error.Message);
        error.Nearest.Should().Contain("curves_relu");
        error.Message.Should().Contain("'curve_relu'").And.Contain("Nearest valid names: curves_relu");
    }

    [Fact]
    public void A_mistyped_layer_in_another_model_is_refused_by_HaveAnalogueIn()
    {
        using var model = PlantedCircuit.Build();
        FluentActions.Invoking(() => model.Unit("curves_relu:2").Should().HaveAnalogueIn(model, "edge_relu", ArcsAround))
            .Should().Throw<UnknownPointException>().Which.Nearest.Should().Contain("edges_relu");
    }

    [Fact]
    public void A_unit_past_the_channel_count_is_refused_with_the_count()
    {
        using var model = PlantedCircuit.Build();
        FluentActions.Invoking(() => model.Unit("curves_relu:10").Should().RespondTo(Rings, 1))
            .Should().Throw<ChannelOutOfRangeException>().Where(e => e.ChannelCount == 10 && e.Channel == 10)
            .WithMessage("*'curves_relu'*10 channels (0–9)*channel 10 does not exist*");
        FluentActions.Invoking(() => model.Family("curves", "curves_relu", 1, 2, 99).Should().TileTheCircle(ArcsAround, 180))
            .Should().Throw<ChannelOutOfRangeException>().Where(e => e.Channel == 99);
    }

    [Fact]
    public void Stimuli_for_a_model_whose_input_is_not_a_square_image_are_refused_naming_the_input()
    {
        using var model = OnnxLoader.Load(SharedData.Require("onnx-conformance", "pytorch-converted", "test_Conv2d", "model.onnx"));
        var unit = model.Unit($"{model.PointNames[^1]}:0");
        var error = FluentActions.Invoking(() => unit.Should().RespondTo(Synthetic.Edges(Synthetic.Angles(30)), 0))
            .Should().Throw<StimulusMismatchException>().Which;
        output.WriteLine(error.Message);
        error.Message.Should().Contain("[2, 3, 7, 5]").And.Contain("square images, and it takes 7×5");
    }

    [Fact]
    public void Rgb_stimuli_for_an_input_without_three_channels_are_refused()
    {
        using var model = PlantedCircuit.Build();
        FluentActions.Invoking(() => Rings.Render(model.Input with { Channels = 1, Description = "grey 48×48" }))
            .Should().Throw<StimulusMismatchException>().WithMessage("*grey 48×48*RGB images, and it takes 1 channel(s)*");
    }
}
