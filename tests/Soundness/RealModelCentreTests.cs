using CircuitSpec.Models.Zoo;
using CircuitSpec.Networks;
using CircuitSpec.Tests.Models;

namespace CircuitSpec.Tests.Soundness;

/// <summary>
/// Where the stimulus's centre lies on the real models' maps, and which position the default reading takes: the
/// nearest one after strides. For ResNet-18 that is index size/2, as before; BVLC GoogLeNet's Caffe pools round up,
/// which moves the centre of mixed3a's 28×28 map to 13.2, where index size/2 (14) was 6.5 input pixels away.
/// </summary>
[Collection(nameof(InceptionV1Collection))]
public sealed class RealModelCentreTests(InceptionV1Fixture inception, ITestOutputHelper output)
{
    private MapCentre Centre(Network model, string layer)
    {
        var shape = model.ShapeOf(layer);
        var centre = model.InputCentreOn(layer, shape[2], shape[3])!;
        output.WriteLine($"{model.ModelName} {layer} {shape[2]}×{shape[3]}: centre ({centre.Y}, {centre.X}), {centre.StrideY} input px between positions");
        return centre;
    }

    [Fact]
    public void ResNet18_reads_the_positions_it_read_before()
    {
        using var model = ModelZoo.ResNet18();
        Centre(model, "relu").Should().Be(new MapCentre(55.75, 55.75, 2, 2));
        Centre(model, "layer1").Should().Be(new MapCentre(27.875, 27.875, 4, 4), "nearest position 28 = 56 / 2");
        Centre(model, "layer2").Y.Should().BeApproximately(13.9375, 1e-9, "nearest position 14 = 28 / 2");
    }

    [Fact]
    public void InceptionV1s_rounded_up_pools_put_the_centre_of_mixed3a_at_13_not_14()
    {
        var centre = Centre(inception.Model, "mixed3a");
        centre.StrideY.Should().Be(8);
        centre.Y.Should().BeInRange(13, 13.5, "the nearest position is 13");
        ((14 - centre.Y) * centre.StrideY).Should().BeGreaterThan(6, "index size/2 was more than 6 input pixels from the stimulus's centre");
    }
}
