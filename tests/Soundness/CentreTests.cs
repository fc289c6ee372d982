using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;

namespace CircuitSpec.Tests.Soundness;

/// <summary>
/// "The centre" is where the stimulus's centre lies on the map, mapped through each layer's strides and padding and
/// read by interpolation — not map index size/2, which on even sizes is half a pixel off (and more after strides).
/// </summary>
public sealed class CentreTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(64, 1, "edges", 31.5, 1)]       // even input, same-padded 7×7: the centre falls between positions 31 and 32
    [InlineData(63, 1, "edges", 31.0, 1)]       // odd input: exactly on position 31
    [InlineData(64, 1, "pooled", 15.5, 2)]      // 2×2 max pool, stride 2: position 2j + 0.5 sees the input centre 31.5
    [InlineData(64, 2, "edges", 15.75, 2)]      // stride-2 convolution, pads 3: position 2j
    [InlineData(64, 2, "pooled", 7.625, 4)]     // then the pool: (15.75 − 0.5) / 2
    [InlineData(65, 2, "pooled", 7.75, 4)]      // odd input through both strides
    public void The_input_centre_is_mapped_through_strides_and_padding(int size, int stride, string layer, double expected, double inputStride)
    {
        using var model = PlantedModels.PooledEdges([22.5], size, stride);
        var shape = model.ShapeOf(layer);
        var centre = model.InputCentreOn(layer, shape[2], shape[3]);
        output.WriteLine($"{size}px, stride {stride}, {layer} {shape[2]}×{shape[3]}: centre {centre}");
        centre.Should().Be(new MapCentre(expected, expected, inputStride, inputStride));
    }

    [Fact]
    public void After_strides_the_position_nearest_the_centre_is_read_not_a_blend_of_two_detectors()
    {
        // 64 px through a stride-2 convolution and a stride-2 pool: the centre is at 7.625, nearest position 8, whose
        // detector sees the input 1.5 px from its centre; position 7 sees it 2.5 px away on the other side.
        using var model = PlantedModels.PooledEdges([22.5], 64, stride: 2);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var images = Synthetic.Edges(Synthetic.Angles(45)).Render(model.Input);
        var unit = model.Unit("pooled", 0);
        model.Responses(images, unit).Should().Equal(model.Responses(images, unit.At(8, 8)));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(63)]
    public void At_the_true_centre_an_odd_kernel_answers_a_mirrored_image_with_the_opposite_response(int size)
    {
        // Unit 0 measures the brightness gradient along x; its kernel is odd in x, so before the ReLU its response at
        // the image's centre to an image mirrored left–right is exactly the negative of its response to the image.
        using var model = PlantedModels.PooledEdges([0], size);
        var unit = model.Unit("edges", 0);
        var stimuli = Synthetic.Curves([10, 75, 140, 220, 300], radii: [12, 30]).Concat(Synthetic.Edges([20, 110, 250]));
        using var scope = TorchSharp.torch.NewDisposeScope();
        var images = stimuli.Render(model.Input);
        var mirrored = images.flip(3);
        var atCentre = (model.Responses(images, unit), model.Responses(mirrored, unit));
        var atIndex = (model.Responses(images, unit.At(size / 2, size / 2)), model.Responses(mirrored, unit.At(size / 2, size / 2)));
        double Asymmetry((float[] A, float[] B) r) => r.A.Zip(r.B, (a, b) => Math.Abs(a + b)).Max() / r.A.Max(Math.Abs);
        output.WriteLine($"{size}px: largest |r + r_mirrored| / |r| at the centre {Asymmetry(atCentre):G3}, at index size/2 {Asymmetry(atIndex):G3}");
        Asymmetry(atCentre).Should().BeLessThan(1e-5);
        if (size % 2 == 0) Asymmetry(atIndex).Should().BeGreaterThan(0.01, "on an even map, index size/2 is half a pixel off the centre");
    }
}
