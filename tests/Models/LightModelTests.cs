using CircuitSpec.Models.Onnx;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>
/// The ONNX backend's "light" model-zoo architectures (weights replaced by constants): each must reproduce its
/// expected output for the backend runner's fixed input (0, 1, …, n−1)/n.
/// </summary>
public sealed class LightModelTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("bvlc_alexnet", 1e-3)]
    [InlineData("densenet121", 2e-3)]
    [InlineData("inception_v1", 1e-3)]
    [InlineData("inception_v2", 1e-3)]
    [InlineData("resnet50", 1e-3)]
    [InlineData("shufflenet", 1e-3)]
    [InlineData("squeezenet", 1e-3)]
    [InlineData("vgg19", 1e-3)]
    [InlineData("zfnet512", 1e-3)]
    public void Light_architecture_reproduces_the_reference_output(string architecture, double rtol)
    {
        using var scope = NewDisposeScope();
        using var model = OnnxLoader.Load(SharedData.Require("onnx-conformance", "light", $"light_{architecture}.onnx"));
        var expected = TensorProtoReader.ReadFile(SharedData.Require("onnx-conformance", "light", $"light_{architecture}_output_0.pb"));

        var input = ConformanceCase.LightInput(model.Input.Shape());
        using var _ = inference_mode();
        var actual = model.forward(input);

        actual.shape.Should().Equal(expected.shape);
        var (ok, ratio, maxDiff) = Close.Check(actual, expected, rtol, atol: 1e-7);
        output.WriteLine($"{architecture}: {model.PointNames.Count} points, max |diff| {maxDiff:G3} ({ratio:G3}× the tolerance)");
        ok.Should().BeTrue($"light_{architecture} must match within rtol {rtol}, atol 1e-7, but max |diff| was {maxDiff:G3} ({ratio:G3}× the tolerance)");
    }
}
