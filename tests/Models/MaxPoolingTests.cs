using CircuitSpec.Models.Graph;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>
/// ONNX max pooling over enough channels runs on libtorch's channels-last kernel; its values and input gradients are
/// libtorch's plain max pooling's to the bit: on ties (the zeros after a ReLU) the same input is chosen, and NaN wins.
/// </summary>
public sealed class MaxPoolingTests
{
    public static TheoryData<string, long, long[], long, long, long[]> Windows() => new()
    {
        { "ResNet-18's stem: 3×3, stride 2, padded 1", 3, [1, 1, 1, 1], 2, 1, [] },
        { "ceil mode", 3, [0, 0, 0, 0], 2, 1, [1] },
        { "dilated", 3, [2, 2, 2, 2], 1, 2, [] },
        { "padded at the end only (Caffe's, converted)", 3, [0, 0, 1, 1], 2, 1, [] },
        { "padded unevenly", 2, [1, 0, 0, 1], 1, 1, [] },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void Max_pooling_over_many_channels_gives_libtorchs_plain_values_and_gradients_to_the_bit(
        string window, long kernel, long[] pads, long stride, long dilation, long[] ceilMode)
    {
        using var scope = NewDisposeScope();
        var builder = new GraphBuilder("one max pooling", 13).AddInput("x");
        var attributes = builder.Attributes("pool").Set("kernel_shape", new[] { kernel, kernel }).Set("pads", pads)
            .Set("strides", new[] { stride, stride }).Set("dilations", new[] { dilation, dilation });
        if (ceilMode.Length > 0) attributes.Set("ceil_mode", ceilMode[0]);
        builder.AddNode("pool", "MaxPool", ["x"], ["y"], attributes);
        using var model = builder.AddOutput("y").Build("one max pooling", InputConvention.UnitRgb(17, "any"));

        // After a ReLU: about half of every window ties at zero; one NaN, which must reach its windows' outputs.
        var input = Seeded.Normal([3, 32, 17, 17], seed: 31).relu();
        input[1, 5, 8, 8] = tensor(float.NaN);
        var x = input.clone().requires_grad_();
        var pooled = model.Nodes.Single().Operator.Run([x])[0];
        var plainInput = input.clone().requires_grad_();
        var padded = F.pad(plainInput, [pads[1], pads[3], pads[0], pads[2]], value: double.NegativeInfinity);
        var plain = F.max_pool2d(padded, [kernel, kernel], [stride, stride], [0, 0], [dilation, dilation], ceilMode.Length > 0);
        var weighting = Seeded.Normal(plain.shape, seed: 32);

        var gradient = autograd.grad([pooled.nan_to_num(0).mul(weighting).sum()], [x])[0];
        var plainGradient = autograd.grad([plain.nan_to_num(0).mul(weighting).sum()], [plainInput])[0];

        pooled.shape.Should().Equal(plain.shape, window);
        pooled.isnan().any().AsBoolean().Should().BeTrue("a NaN in a window is that window's maximum");
        Same(pooled.isnan(), plain.isnan()).Should().BeTrue("NaN reaches the same windows ({0})", window);
        Same(pooled.nan_to_num(0), plain.nan_to_num(0)).Should().BeTrue("every maximum is libtorch's ({0})", window);
        Same(gradient, plainGradient).Should().BeTrue("each window's gradient goes to the input libtorch chooses, ties included ({0})", window);
        pooled.is_contiguous().Should().BeTrue("what follows reads the plain layout");
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().AsBoolean();
}
