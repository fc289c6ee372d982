using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using CircuitSpec.Errors;
using CircuitSpec.Images;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Models.Zoo;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>The real BVLC GoogLeNet (Caffe) in ../shared: the seed's InceptionV1 architecture with trained weights.</summary>
[Collection(nameof(InceptionV1Collection))]
public sealed class InceptionV1Tests(InceptionV1Fixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData("parrot.jpg", "macaw")]
    [InlineData("bird.bmp", "chickadee")]
    public void A_real_photo_gets_its_imagenet_label(string photo, string label)
    {
        var top = Classify(photo, 1);
        top[0].Label.Should().Be(label, $"{photo} is a {label}; the model said {Describe(top)}");
    }

    [Fact]
    public void The_cat_photo_has_a_cat_class_in_the_top_three()
    {
        var top = Classify("cat_720p.jpg", 3);
        string[] cats = ["tabby, tabby cat", "tiger cat", "Persian cat", "Siamese cat, Siamese", "Egyptian cat"];
        top.Select(t => t.Label).Should().IntersectWith(cats, $"the top three were {Describe(top)}");
    }

    [Fact]
    public void It_has_the_published_parameter_count_and_lucid_names()
    {
        fixture.Model.ParameterCount.Should().Be(6_998_552);
        var shapes = fixture.Model.ShapesByAlias();
        shapes["conv2d0"].Should().Equal([1, 64, 112, 112]);
        shapes["mixed3a"].Should().Equal([1, 256, 28, 28]);
        shapes["mixed3b"].Should().Equal([1, 480, 28, 28]);
        shapes["mixed3b_3x3"].Should().Equal([1, 192, 28, 28]);
        shapes["mixed3b_5x5"].Should().Equal([1, 96, 28, 28]);
        shapes["mixed4c"].Should().Equal([1, 512, 14, 14]);
        shapes["mixed5b"].Should().Equal([1, 1024, 7, 7]);
        fixture.Model.Resolve("mixed3b_3x3_pre_relu").Should().Be("inception_3b/3x3");
    }

    [Fact]
    public void Its_convolutions_have_the_channels_and_order_of_the_onnx_googlenet_architecture()
    {
        using var light = OnnxLoader.Load(SharedData.Require("onnx-conformance", "light", "light_inception_v1.onnx"));
        static List<long[]> Convs(CircuitSpec.Models.Graph.GraphNetwork m) =>
            m.DescribePoints().Where(p => p.Operator == "Conv").Select(p => p.Shape).ToList();
        var ours = Convs(fixture.Model);
        var theirs = Convs(light);

        ours.Should().HaveCount(57);
        ours.Select(s => s[1]).Should().Equal(theirs.Select(s => s[1]), "the same 57 convolutions with the same channel counts, in the same order");
        // Caffe rounds pooled sizes up (112 → 56 → 28 → 14 → 7); the Caffe2-converted ONNX graph rounds down (55, 27, 13, 6).
        ours.Zip(theirs).Should().OnlyContain(p => p.First[2] - p.Second[2] >= 0 && p.First[2] - p.Second[2] <= 1);
        ours.Select(s => s[2]).Distinct().Should().Equal(112, 56, 28, 14, 7);
    }

    [Fact]
    public void An_onnx_googlenet_gets_the_same_lucid_names()
    {
        using var light = InceptionV1.Load(SharedData.Require("onnx-conformance", "light", "light_inception_v1.onnx"));
        var expected = fixture.Model.Aliases.Keys.Where(a => a.StartsWith("mixed", StringComparison.Ordinal) || a.StartsWith("conv2d", StringComparison.Ordinal));
        light.Aliases.Keys.Should().Contain(expected);
        var shapes = light.ShapesByAlias();
        shapes["mixed3b"].Should().Equal([1, 480, 27, 27]);
        shapes["mixed3b_5x5_pre_relu"].Should().Equal([1, 96, 27, 27]);
        light.OperatorOf("mixed3b_5x5").Should().Be("Relu");
    }

    [Fact]
    public void A_corrupt_weight_file_fails_its_checksum_naming_the_file()
    {
        var source = InceptionV1.Folder();
        var copy = Directory.CreateTempSubdirectory("circuitspec-googlenet-").FullName;
        try
        {
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var corrupt = Path.Combine(copy, "weights", "inception_3b", "3x3_filter.bin");
            var bytes = File.ReadAllBytes(corrupt);
            bytes[1000] ^= 0x40;
            File.WriteAllBytes(corrupt, bytes);

            var act = () => InceptionV1.Load(copy);
            act.Should().Throw<ModelLoadException>().Where(e => e.File == corrupt && e.Node == "inception_3b/3x3").WithMessage("*SHA-256*SHA256SUMS*");
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private List<(string Label, float P)> Classify(string photo, int k)
    {
        using var scope = NewDisposeScope();
        var input = ImageLoader.Preprocess(SharedData.Require("images", photo), fixture.Model.Input);
        Tensor probabilities;
        using (inference_mode()) probabilities = fixture.Model.forward(input)[0];
        var (values, indices) = probabilities.topk(k);
        var top = Enumerable.Range(0, k).Select(i => (fixture.Labels[(int)indices[i].AsLong()], values[i].AsSingle())).ToList();
        output.WriteLine($"{photo}: {Describe(top)}");
        return top;
    }

    private static string Describe(IEnumerable<(string Label, float P)> top) => string.Join("; ", top.Select(t => $"{t.Label} ({t.P:P1})"));
}

public sealed class InceptionV1Fixture : IDisposable
{
    public CircuitSpec.Models.Graph.GraphNetwork Model { get; } = InceptionV1.Load();
    public IReadOnlyList<string> Labels { get; } = InceptionV1.Labels();

    public void Dispose() => Model.Dispose();
}

[CollectionDefinition(nameof(InceptionV1Collection))]
public sealed class InceptionV1Collection : ICollectionFixture<InceptionV1Fixture>;
