using CircuitSpec.Errors;
using CircuitSpec.Models.Files;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>The real ImageNet ResNet-18 shipped by the Microsoft.ML.DnnImageFeaturizer.ResNet18 package.</summary>
[Collection(nameof(ResNet18Collection))]
public sealed class ResNet18Tests(ResNet18Fixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void The_model_file_is_found_through_the_package_restore()
    {
        var path = PackageFiles.ResNet18Onnx;
        path.Should().EndWith(Path.Combine("microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx"));
        new FileInfo(path).Length.Should().BeGreaterThan(40_000_000, "the real trained weights are about 45 MB");
    }

    [Fact]
    public void A_missing_package_file_is_an_error_that_names_the_package()
    {
        var act = () => PackageFiles.Find(PackageFiles.ResNet18Package, "9.9.9", "tools", "missing.onnx");
        act.Should().Throw<MissingModelFileException>()
            .WithMessage("*Microsoft.ML.DnnImageFeaturizer.ResNet18 9.9.9*dotnet restore*");
    }

    [Fact]
    public void Output_equals_onnx_runtime_on_the_same_random_batch()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed: 1234);
        var batch = randn([4, 3, 224, 224], generator: generator);
        torch.Tensor ours;
        using (inference_mode()) ours = fixture.Model.forward(batch);

        using var session = new InferenceSession(PackageFiles.ResNet18Onnx);
        var inputName = session.InputMetadata.Keys.Single();
        var reference = new List<float>();
        for (var i = 0; i < batch.shape[0]; i++)
        {
            var example = batch[i].unsqueeze(0).contiguous().data<float>().ToArray();
            using var results = session.Run([NamedOnnxValue.CreateFromTensor(inputName, new DenseTensor<float>(example, [1, 3, 224, 224]))]);
            reference.AddRange(results.Single(r => r.Name == "Pooling395_Output_0").AsEnumerable<float>());
        }
        var expected = tensor(reference.ToArray()).reshape(ours.shape);

        ours.shape.Should().Equal([4, 512, 1, 1]);
        var relative = Close.Relative(ours, expected);
        output.WriteLine($"max |ours − onnxruntime| / max |onnxruntime| = {relative:E2}");
        relative.Should().BeLessThan(1e-4);
    }

    [Fact]
    public void Friendly_names_follow_torchvision_and_have_the_expected_shapes()
    {
        var points = fixture.Model.ShapesByAlias();
        points["conv1"].Should().Equal([1, 64, 112, 112]);
        points["maxpool"].Should().Equal([1, 64, 56, 56]);
        points["layer1.0"].Should().Equal([1, 64, 56, 56]);
        points["layer2.0"].Should().Equal([1, 128, 28, 28]);
        points["layer2.0.downsample.0"].Should().Equal([1, 128, 28, 28]);
        points["layer3.1"].Should().Equal([1, 256, 14, 14]);
        points["layer4"].Should().Equal([1, 512, 7, 7]);
        points["avgpool"].Should().Equal([1, 512, 1, 1]);
        Enumerable.Range(1, 4).SelectMany(l => new[] { $"layer{l}.0", $"layer{l}.1", $"layer{l}.0.conv1", $"layer{l}.1.conv2", $"layer{l}.0.bn1" })
            .Should().OnlyContain(name => points.ContainsKey(name));
    }

    [Fact]
    public void The_input_convention_reproduces_the_packages_preprocessing_graph()
    {
        using var scope = NewDisposeScope();
        var (means, _) = ModelZoo.ResNet18Means();
        output.WriteLine($"BGR channel means: {string.Join(", ", means.Select(m => m.ToString("F3")))}");
        means.Should().HaveCount(3).And.OnlyContain(m => m > 90 && m < 130, "ImageNet channel means on a 0..255 scale");

        using var preprocess = CircuitSpec.Models.Onnx.OnnxLoader.Load(PackageFiles.ResNet18PreprocessOnnx);
        var rgb = Seeded.Uniform([2, 3, 224, 224], seed: 7);
        var viaGraph = preprocess.forward(rgb.Times(255));
        var viaConvention = fixture.Model.Input.Normalize(rgb);
        (viaGraph - viaConvention).abs().max().AsDouble().Should().BeLessThan(1e-3);
    }

    [Fact]
    public void Unknown_layer_names_list_the_nearest_valid_ones()
    {
        var act = () => fixture.Model.Resolve("layer1.O");
        act.Should().Throw<UnknownPointException>().WithMessage("*'layer1.O'*Nearest valid names:*layer1.0*");
    }
}

public sealed class ResNet18Fixture : IDisposable
{
    public CircuitSpec.Models.Graph.GraphNetwork Model { get; } = ModelZoo.ResNet18();

    public void Dispose() => Model.Dispose();
}

[CollectionDefinition(nameof(ResNet18Collection))]
public sealed class ResNet18Collection : ICollectionFixture<ResNet18Fixture>;
