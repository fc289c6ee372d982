using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Models;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Probes;

[Collection(nameof(ResNet18Collection))]
public sealed class FeatureAddressingTests(ResNet18Fixture fixture)
{
    [Fact]
    public void Lucid_shorthand_and_typed_units_name_the_same_neuron()
    {
        var written = fixture.Model.Unit("layer1.0:12");
        var typed = fixture.Model.Unit("layer1.0", 12);
        written.Should().Be(typed);
        written.Point.Should().Be(fixture.Model.Resolve("layer1.0"));
        written.Label.Should().Be("layer1.0:12");
    }

    [Fact]
    public void An_unknown_layer_lists_the_nearest_valid_names()
    {
        var act = () => fixture.Model.Unit("layer1.O:3");
        act.Should().Throw<UnknownPointException>().WithMessage("*'layer1.O'*Nearest valid names:*layer1.0*");
    }

    [Fact]
    public void An_out_of_range_channel_states_the_layers_channel_count()
    {
        var act = () => fixture.Model.Unit("layer2.0:128");
        act.Should().Throw<ChannelOutOfRangeException>().WithMessage("*'layer2.0'*128 channels (0–127)*channel 128 does not exist*")
            .Which.ChannelCount.Should().Be(128);
    }

    [Fact]
    public void A_layer_without_a_channel_is_not_a_unit()
    {
        var act = () => fixture.Model.Unit("layer3");
        act.Should().Throw<CircuitSpecException>().WithMessage("*'layer3' names a layer*'layer3:0'*256 channels*");
    }

    [Fact]
    public void A_direction_needs_one_component_per_channel_and_is_read_as_a_projection()
    {
        var act = () => fixture.Model.Direction("layer1.0", new float[10]);
        act.Should().Throw<CircuitSpecException>().WithMessage("*10 components*64 channels*");
        var zero = () => fixture.Model.Direction("layer1.0", new float[64]);
        zero.Should().Throw<CircuitSpecException>().WithMessage("*non-zero*");

        var vector = new float[64];
        vector[3] = 3;
        vector[5] = 4;
        var direction = fixture.Model.Direction("layer1.0", vector, "3+5");
        using var scope = NewDisposeScope();
        var activation = Seeded.Uniform([2, 64, 5, 5], seed: 7);
        var expected = activation[.., 3].Times(0.6f).Plus(activation[.., 5].Times(0.8f));
        direction.Map(activation).allclose(expected, rtol: 1e-5, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void Spatial_readings_take_the_centre_a_position_the_max_or_the_mean()
    {
        using var scope = NewDisposeScope();
        var unit = fixture.Model.Unit("layer1.0:1");
        var activation = HeldArithmetic.Range(2 * 64 * 4 * 6, ScalarType.Float32).reshape(2, 64, 4, 6);
        var map = activation[.., 1];
        float[] Read(Feature f) => f.Read(activation).data<float>().ToArray();

        // A 4×6 map is not the size this layer has for the model's input, so its centre is the map's own: (1.5, 2.5),
        // between four positions, read by interpolation.
        float Centre(int n) => map[n, 1, 2].Plus(map[n, 1, 3]).Plus(map[n, 2, 2]).Plus(map[n, 2, 3]).AsSingle() / 4;
        Read(unit).Should().Equal(Centre(0), Centre(1));
        Read(unit.At(x: 5, y: 1)).Should().Equal(map[0, 1, 5].AsSingle(), map[1, 1, 5].AsSingle());
        Read(unit.MaxOverPositions()).Should().Equal(map[0].max().AsSingle(), map[1].max().AsSingle());
        Read(unit.MeanOverPositions()).Should().Equal(map[0].mean().AsSingle(), map[1].mean().AsSingle());
        var outside = () => Read(unit.At(x: 6, y: 0));
        outside.Should().Throw<CircuitSpecException>().WithMessage("*(x=6, y=0) is outside the 6×4 map*");
    }

    [Fact]
    public void A_family_is_a_named_set_of_units()
    {
        var family = fixture.Model.Family("early edges", "layer1.0", 1, 2, 3);
        family.Name.Should().Be("early edges");
        family.Select(u => u.Channel).Should().Equal(1, 2, 3);
        fixture.Model.Family("mixed", "layer1.0:1", "layer2.0:4").Select(u => u.Label).Should().Equal("layer1.0:1", "layer2.0:4");
        fixture.Model.Layer("layer4").Count.Should().Be(512);
    }
}
