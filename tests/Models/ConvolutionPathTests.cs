using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Operators;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Networks;
using CircuitSpec.Tests.Support;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>
/// Every convolution gives its float64 value and input gradient on the machine the tests run on, whichever kernel
/// computes it (<see cref="ConvolutionPath"/>): a grid of small channel counts, where libtorch's oneDNN kernels were
/// measured wrong (and the zero-kernel padding of outputs, 32 → 7, and one output summed from one convolution per
/// input: 64 → 1, 256 → 1), and every convolution of the zoo's vision models at their own input sizes and at 128×128.
/// </summary>
public sealed class ConvolutionPathTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;

    public static TheoryData<long, long, long, long> SmallShapes()
    {
        var shapes = new TheoryData<long, long, long, long>();
        foreach (var kernel in new long[] { 3, 5 })
        foreach (var stride in new long[] { 1, 2 })
        foreach (var (inputs, outputs) in new (long, long)[] { (3, 15), (9, 6), (8, 8), (17, 16), (24, 64), (48, 48), (16, 9), (1, 4), (64, 1), (256, 1), (32, 7) })
            shapes.Add(inputs, outputs, kernel, stride);
        return shapes;
    }

    [Theory]
    [MemberData(nameof(SmallShapes))]
    public void A_convolution_with_few_or_odd_channels_gives_its_float64_value_and_gradient(long inputs, long outputs, long kernel, long stride)
    {
        using var scope = NewDisposeScope();
        var weight = Seeded.Normal([outputs, inputs, kernel, kernel], seed: 21);
        var builder = new GraphBuilder("one convolution", 13).AddInput("x").AddInitializer("w", weight);
        builder.AddNode("conv", "Conv", ["x", "w"], ["y"], builder.Attributes("conv").Set("kernel_shape", new[] { kernel, kernel })
            .Set("pads", new[] { kernel / 2, kernel / 2, kernel / 2, kernel / 2 }).Set("strides", new[] { stride, stride }));
        using var model = builder.AddOutput("y").Build("one convolution", InputConvention.UnitRgb(20, "any"));

        var error = Error((ConvOperator)model.Nodes.Single().Operator, Seeded.Normal([4, inputs, 20, 20], seed: 22), weight, null);
        error.Inference.Should().BeLessThan(Tolerance, "the value without gradients is the float64 convolution's");
        error.Value.Should().BeLessThan(Tolerance, "the value with gradients is the float64 convolution's");
        error.Gradient.Should().BeLessThan(Tolerance, "the input gradient is the float64 convolution's");
    }

    public static TheoryData<string, long, long[], long, long> OneOutputWindows() => new()
    {
        { "3×3, padded 1", 3, [1, 1, 1, 1], 1, 1 },
        { "3×3, stride 2, unpadded", 3, [0, 0, 0, 0], 2, 1 },
        { "3×3, dilated 2, padded 2", 3, [2, 2, 2, 2], 1, 2 },
        { "2×2, padded unevenly", 2, [1, 0, 0, 1], 1, 1 },
        { "5×3, stride 2, dilated 2, padded unevenly", 5, [3, 1, 2, 0], 2, 2 },
    };

    [Theory]
    [MemberData(nameof(OneOutputWindows))]
    public void One_output_channel_gives_its_float64_value_and_gradient_through_any_window(string window, long kernel, long[] pads, long stride, long dilation)
    {
        // A sweep read at one unit convolves to that channel alone: one matrix product for every tap, the taps' maps shifted and summed (ConvOperator.OneOutput).
        using var scope = NewDisposeScope();
        var width = kernel == 5 ? 3L : kernel;
        var weight = Seeded.Normal([1, 64, kernel, width], seed: 25);
        var builder = new GraphBuilder(window, 13).AddInput("x").AddInitializer("w", weight).AddInitializer("b", Seeded.Normal([1], seed: 26));
        builder.AddNode("conv", "Conv", ["x", "w", "b"], ["y"], builder.Attributes("conv").Set("kernel_shape", new[] { kernel, width })
            .Set("pads", pads).Set("strides", new[] { stride, stride }).Set("dilations", new[] { dilation, dilation }));
        using var model = builder.AddOutput("y").Build(window, InputConvention.UnitRgb(15, "any"));

        var error = Error((ConvOperator)model.Nodes.Single().Operator, Seeded.Normal([3, 64, 15, 13], seed: 27), weight, model.Initializers["b"]);
        error.Inference.Should().BeLessThan(Tolerance, "the value without gradients is the float64 convolution's");
        error.Value.Should().BeLessThan(Tolerance, "the value with gradients is the float64 convolution's");
        error.Gradient.Should().BeLessThan(Tolerance, "the input gradient is the float64 convolution's");
    }

    [Theory]
    [InlineData("resnet18", 2, 0)]
    [InlineData("resnet18", 1, 128)]
    [InlineData("inceptionv1", 2, 0)]
    [InlineData("inceptionv1", 1, 128)]
    [InlineData("tiny-darknet", 2, 0)]
    [InlineData("tiny-darknet", 1, 128)]
    [InlineData("planted", 36, 0)]
    public void Every_convolution_of_a_zoo_model_gives_its_float64_value_and_gradient(string name, long batch, long size)
    {
        // At the model's own size, and at the visualizations' 128×128 one image at a time: which shapes oneDNN gets wrong
        // depends on the batch and image size too.
        using var scope = NewDisposeScope();
        using var network = ModelZoo.Load(name);
        var model = (GraphNetwork)network;
        var images = Seeded.Uniform([batch, 3, size > 0 ? size : model.Input.Height, size > 0 ? size : model.Input.Width], seed: 23);
        var convolutions = model.Nodes.Where(n => n.Operator is ConvOperator && model.Initializers.ContainsKey(n.Inputs[1])).ToList();
        var inputs = convolutions.Select(n => n.Inputs[0]).Where(i => !model.InputNames.Contains(i)).Distinct().ToArray();
        var pass = model.Execute(images, new ForwardPlan().Capturing(inputs).StoppingAfterCaptures());

        var worst = convolutions.Select(node =>
        {
            var x = model.InputNames.Contains(node.Inputs[0]) ? images : pass.Captured[model.Resolve(node.Inputs[0])];
            var bias = node.Inputs.Count > 2 ? model.Initializers[node.Inputs[2]] : null;
            var (inference, value, gradient) = Error((ConvOperator)node.Operator, x, model.Initializers[node.Inputs[1]], bias);
            return (Node: node.Name, Shape: string.Join("×", model.Initializers[node.Inputs[1]].shape), Largest: new[] { inference, value, gradient }.Max(),
                Errors: $"value {inference:G3} (inference), {value:G3} (with gradients), input gradient {gradient:G3}");
        }).OrderByDescending(e => e.Largest).ToList();
        output.WriteLine(string.Join("\n", worst.Take(5).Select(e => $"{e.Node} ({e.Shape}): {e.Errors}")));

        worst.Should().HaveCountGreaterThan(0);
        worst.Should().OnlyContain(e => e.Largest < Tolerance,
            "every convolution of {0} must give the float64 value and input gradient; worst: {1}", name, $"{worst[0].Node} ({worst[0].Shape}) {worst[0].Errors}");
    }

    // The largest difference from float64, relative to the largest float64 value: of the output in inference, of the output
    // computed for gradients, and of the input gradient under a random weighting. A convolution that goes through the Fourier
    // transform (the planted circuit's 25×25 and 31×31 kernels) is compared on its first images only: images are convolved
    // independently, the route is chosen for the whole batch, and float64's direct convolution of 36 images took most of
    // this test's time (FourierConvolutionTests compares that route over many shapes).
    private static (double Inference, double Value, double Gradient) Error(ConvOperator convolution, Tensor input, Tensor weight, Tensor? bias)
    {
        using var scope = NewDisposeScope();
        var window = convolution.Window!;
        var (begin, end) = window.Resolve(input.shape);
        var compared = convolution.TakesFourierRoute(input, weight, convolution.Groups) ? Math.Min(input.shape[0], 4) : input.shape[0];
        Tensor inferred;
        using (inference_mode()) inferred = convolution.Convolve(input.detach(), weight.detach(), bias?.detach(), convolution.Groups);
        using var gradients = enable_grad();
        var x = input.detach().clone().requires_grad_();
        var y = convolution.Convolve(x, weight, bias, convolution.Groups);
        var exactInput = input.detach()[..(int)compared].to_type(ScalarType.Float64).requires_grad_();
        var exact = F.conv2d(SpatialWindow.PadInput(exactInput, begin, end), weight.to_type(ScalarType.Float64), bias?.to_type(ScalarType.Float64),
            window.Strides, new long[window.Rank], window.Dilations, convolution.Groups);
        var weighting = Seeded.Normal(y.shape, seed: 24);
        var dx = autograd.grad([y.mul(weighting).sum()], [x])[0][..(int)compared];
        var dxExact = autograd.grad([exact.mul(weighting[..(int)compared].to_type(ScalarType.Float64)).sum()], [exactInput])[0];
        return (Close.Relative(inferred[..(int)compared].to_type(ScalarType.Float64), exact.detach()),
            Close.Relative(y[..(int)compared].to_type(ScalarType.Float64), exact), Close.Relative(dx.to_type(ScalarType.Float64), dxExact));
    }
}
