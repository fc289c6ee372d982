using CircuitSpec.Models.Operators;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>
/// Large kernels are convolved through the Fourier transform (<see cref="FourierConvolution"/>): the result and its
/// gradients are the direct convolution's, a window over zeros gives exactly zero, and small kernels stay direct.
/// </summary>
public sealed class FourierConvolutionTests
{
    public static TheoryData<long, long, long, long, long, long, long, long, long> Shapes => new()
    {
        // batch, inputs, outputs, groups, height, width, kernel height, kernel width, padding: symmetric (1), at the start only (2), none (0)
        { 3, 15, 10, 1, 48, 48, 25, 25, 1 },
        { 2, 10, 1, 1, 48, 40, 31, 31, 1 },
        { 1, 10, 1, 1, 48, 48, 31, 31, 1 },
        { 2, 4, 6, 2, 33, 29, 20, 17, 2 },
        { 1, 5, 15, 5, 48, 48, 25, 25, 1 },
        { 2, 3, 4, 1, 41, 37, 24, 22, 0 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_transform_gives_the_direct_convolution_and_its_gradients(long batch, long inputs, long outputs, long groups, long height, long width,
        long kernelHeight, long kernelWidth, long padding)
    {
        using var scope = NewDisposeScope();
        var x = Seeded.Normal([batch, inputs, height, width], seed: 3).requires_grad_();
        var w = Seeded.Normal([outputs, inputs / groups, kernelHeight, kernelWidth], seed: 4).requires_grad_();
        var b = Seeded.Normal([outputs], seed: 5);
        long[] begin = padding == 0 ? [0, 0] : [kernelHeight / 2, kernelWidth / 2];
        long[] end = padding == 1 ? begin : [0, 0];

        var fourier = FourierConvolution.Correlate(x, w, b, begin, end, groups);
        var exact = F.conv2d(F.pad(x.to_type(ScalarType.Float64), [begin[1], end[1], begin[0], end[0]]), w.to_type(ScalarType.Float64), b.to_type(ScalarType.Float64),
            groups: groups);
        fourier.dtype.Should().Be(ScalarType.Float32);
        fourier.shape.Should().Equal(exact.shape);
        Close.Relative(fourier.to_type(ScalarType.Float64), exact).Should().BeLessThan(1e-6, "double-precision transforms are nearer the exact sum than float32");

        var weighting = Seeded.Normal(fourier.shape, seed: 6);
        var (dxFourier, dwFourier) = Gradients(fourier, weighting, x, w);
        var (dxExact, dwExact) = Gradients(exact, weighting.to_type(ScalarType.Float64), x, w);
        Close.Relative(dxFourier.to_type(ScalarType.Float64), dxExact).Should().BeLessThan(1e-5);
        Close.Relative(dwFourier.to_type(ScalarType.Float64), dwExact).Should().BeLessThan(1e-5);
    }

    [Fact]
    public void A_window_over_zeros_gives_exactly_the_bias_and_its_inputs_still_get_their_gradient()
    {
        using var scope = NewDisposeScope();
        var x = zeros(1, 3, 64, 64);
        x[.., .., 0..8, 0..8] = Seeded.Uniform([1, 3, 8, 8], seed: 7);
        var w = Seeded.Normal([2, 3, 25, 25], seed: 8);
        var b = tensor(new[] { 0f, 0.25f });

        var y = FourierConvolution.Correlate(x, w, b, [12, 12], [12, 12], 1);
        // Outputs at row or column 20 and beyond see no input within 12 pixels of the 8×8 patch.
        var far = y[.., .., 20.., ..];
        far[.., 0].abs().max().AsDouble().Should().Be(0, "the exact sum over zeros is zero, not the transforms' rounding noise");
        far[.., 1].Minus(0.25).abs().max().AsDouble().Should().Be(0);
        y[.., .., ..8, ..8].abs().max().AsDouble().Should().BeGreaterThan(0.1, "near the patch the kernel sees it");

        // A gradient still reaches the inputs whose output was set to zero.
        var input = x.clone().requires_grad_();
        var output = FourierConvolution.Correlate(input, w, null, [12, 12], [12, 12], 1);
        output[.., .., 40.., 40..].sum().backward();
        input.grad!.abs().sum().AsDouble().Should().BeGreaterThan(0);
        var direct = x.clone().requires_grad_();
        F.conv2d(direct, w, padding: [12, 12])[.., .., 40.., 40..].sum().backward();
        Close.Relative(input.grad!, direct.grad!).Should().BeLessThan(1e-5);
    }

    [Fact]
    public void The_planted_circuits_large_kernels_take_the_transform_and_give_the_direct_result_and_small_kernels_stay_direct()
    {
        using var scope = NewDisposeScope();
        using var model = PlantedCircuit.Build();
        var images = Seeded.Uniform([4, 3, PlantedCircuit.Size, PlantedCircuit.Size], seed: 9);
        var pass = model.Execute(images, new ForwardPlan().Capturing("edges_relu", "curves", "curves_relu", "circles"));
        var edges = pass.Captured[model.Resolve("edges_relu")];
        var curvesKernel = model.Initializers["curves.weight"];
        var circlesKernel = model.Initializers["circles.weight"];

        FourierConvolution.Pays(edges, curvesKernel, [12, 12], [12, 12], 1).Should().BeTrue("a 25×25 kernel over 15 channels costs less transformed");
        FourierConvolution.Pays(pass.Captured[model.Resolve("curves_relu")], circlesKernel, [15, 15], [15, 15], 1).Should().BeTrue();
        FourierConvolution.Pays(images, model.Initializers["edges.weight"], [3, 3], [3, 3], 1).Should().BeFalse("a 7×7 kernel costs less summed directly");
        FourierConvolution.Pays(Seeded.Normal([8, 64, 56, 56], seed: 1), Seeded.Normal([64, 64, 3, 3], seed: 2), [1, 1], [1, 1], 1).Should().BeFalse();

        var exact = F.conv2d(edges.to_type(ScalarType.Float64), curvesKernel.to_type(ScalarType.Float64), model.Initializers["curves.bias"].to_type(ScalarType.Float64),
            padding: [12, 12]);
        Close.Relative(pass.Captured[model.Resolve("curves")].to_type(ScalarType.Float64), exact).Should().BeLessThan(1e-6);
    }

    [Theory]
    [InlineData(72, 72)]
    [InlineData(97, 98)]
    [InlineData(121, 125)]
    [InlineData(1, 1)]
    public void Transform_sizes_have_no_prime_factor_above_seven(long size, long expected) =>
        FourierConvolution.SmoothSize(size).Should().Be(expected);

    private static (Tensor Input, Tensor Weight) Gradients(Tensor output, Tensor weighting, Tensor x, Tensor w)
    {
        x.grad?.zero_();
        w.grad?.zero_();
        output.mul(weighting).sum().backward();
        return (x.grad!.clone(), w.grad!.clone());
    }
}
