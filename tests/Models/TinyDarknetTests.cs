using System.Runtime.InteropServices;
using System.Text.Json;
using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using CircuitSpec.Weights;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CircuitSpec.Tests.Models;

/// <summary>The real Tiny Darknet (TF.js Layers), checked against an independent naive evaluation of its topology.</summary>
public sealed class TinyDarknetTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_layer_matches_a_naive_reference_built_from_model_json()
    {
        using var scope = NewDisposeScope();
        var json = SharedData.Require("models", "darknet-tiny", "model.json");
        using var model = ModelZoo.TinyDarknet(json);
        var reference = NaiveReference.Load(json);
        var image = Seeded.Uniform([2, 3, 224, 224], seed: 3);

        using var cache = model.RunWithCache(image, reference.LayerNames.ToArray());
        var captured = reference.LayerNames.ToDictionary(name => name, name => cache[name]);

        var expected = reference.Run(image);
        expected.Keys.Should().BeEquivalentTo(reference.LayerNames);
        foreach (var (name, value) in expected)
        {
            captured.Should().ContainKey(name);
            var relative = Close.Relative(captured[name], value);
            relative.Should().BeLessThan(1e-4, $"layer {name} must equal the naive computation");
        }
        output.WriteLine($"{expected.Count} layers compared");
    }

    [Fact]
    public void It_has_about_a_million_weights_and_its_softmax_sums_to_one()
    {
        using var scope = NewDisposeScope();
        using var model = ModelZoo.TinyDarknet();
        output.WriteLine($"weights: {model.ParameterCount:N0}");
        model.ParameterCount.Should().BeInRange(1_000_000, 1_100_000, "SOURCE.md: about 1.05 M float32 parameters");

        Tensor logits;
        using (inference_mode()) logits = model.forward(Seeded.Uniform([3, 3, 224, 224], seed: 5));
        logits.shape.Should().Equal([3, 1000]);
        var sums = logits.softmax(1).sum(1);
        (sums.Minus(1).abs().max().AsDouble()).Should().BeLessThan(1e-5);
        logits.std().AsDouble().Should().BeGreaterThan(0.1, "a trained classifier's logits are not constant");
    }

    [Fact]
    public void Points_are_named_after_the_keras_layers()
    {
        using var model = ModelZoo.TinyDarknet();
        model.PointNames.Should().StartWith(["conv2d_1", "batch_normalization_1", "leaky_re_lu_1", "max_pooling2d_1"]);
        var shapes = model.DescribePoints().ToDictionary(p => p.Name, p => p.Shape);
        shapes["conv2d_1"].Should().Equal([1, 16, 224, 224]);
        shapes["max_pooling2d_1"].Should().Equal([1, 16, 112, 112]);
        shapes["global_average_pooling2d_1"].Should().Equal([1, 1000]);
    }

    [Fact]
    public void Direct_weights_are_the_file_kernel_with_batch_normalization_folded_in()
    {
        using var scope = NewDisposeScope();
        var json = SharedData.Require("models", "darknet-tiny", "model.json");
        using var model = ModelZoo.TinyDarknet(json);
        var reference = NaiveReference.Load(json);
        var slice = model.Unit("max_pooling2d_1:2").WeightsTo(model.Unit("leaky_re_lu_2:5"));

        var hwio = reference.Weight("conv2d_2/kernel");
        var scale = reference.Weight("batch_normalization_2/gamma")[5].AsDouble()
                    / Math.Sqrt(reference.Weight("batch_normalization_2/moving_variance")[5].AsDouble() + 1e-3);
        (slice.Height, slice.Width).Should().Be(((int)hwio.shape[0], (int)hwio.shape[1]));
        for (var y = 0; y < slice.Height; y++)
        for (var x = 0; x < slice.Width; x++)
            ((double)slice[y, x]).Should().BeApproximately(hwio[y, x, 2, 5].AsDouble() * scale, 1e-6);
    }

    /// <summary>
    /// A deliberately plain evaluation of the Keras topology: its own shard reading, explicit "same" padding,
    /// batch normalization written out by hand, and no graph executor.
    /// </summary>
    private sealed class NaiveReference
    {
        private readonly List<JsonElement> _layers;
        private readonly Dictionary<string, torch.Tensor> _weights;

        private NaiveReference(List<JsonElement> layers, Dictionary<string, torch.Tensor> weights)
        {
            _layers = layers;
            _weights = weights;
        }

        public torch.Tensor Weight(string name) => _weights[name];

        public IEnumerable<string> LayerNames => _layers.Skip(1).Select(l => l.GetProperty("name").GetString()!);

        public static NaiveReference Load(string path)
        {
            var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
            var weights = new Dictionary<string, torch.Tensor>();
            foreach (var group in root.GetProperty("weightsManifest").EnumerateArray())
            {
                var bytes = group.GetProperty("paths").EnumerateArray()
                    .SelectMany(p => File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(path)!, p.GetString()!))).ToArray();
                var floats = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
                var offset = 0;
                foreach (var w in group.GetProperty("weights").EnumerateArray())
                {
                    var shape = w.GetProperty("shape").EnumerateArray().Select(s => s.GetInt64()).ToArray();
                    var n = (int)shape.Aggregate(1L, (a, b) => a * b);
                    weights[w.GetProperty("name").GetString()!] = tensor(floats[offset..(offset + n)], shape);
                    offset += n;
                }
            }
            var layers = root.GetProperty("modelTopology").GetProperty("model_config").GetProperty("config").GetProperty("layers")
                .EnumerateArray().ToList();
            return new NaiveReference(layers, weights);
        }

        public Dictionary<string, torch.Tensor> Run(torch.Tensor input)
        {
            var values = new Dictionary<string, torch.Tensor> { [_layers[0].GetProperty("name").GetString()!] = input };
            foreach (var layer in _layers.Skip(1))
            {
                var name = layer.GetProperty("name").GetString()!;
                var config = layer.GetProperty("config");
                var x = values[layer.GetProperty("inbound_nodes")[0][0][0].GetString()!];
                values[name] = layer.GetProperty("class_name").GetString() switch
                {
                    "Conv2D" => SamePadConv(x, _weights[$"{name}/kernel"], config)
                                .Plus(config.GetProperty("use_bias").GetBoolean() ? Channel($"{name}/bias") : 0),
                    "BatchNormalization" => ((x - Channel($"{name}/moving_mean")) / Channel($"{name}/moving_variance").Plus(config.GetProperty("epsilon").GetDouble()).sqrt()
                                            * Channel($"{name}/gamma")).Plus(Channel($"{name}/beta")),
                    "LeakyReLU" => where(x.GreaterThan(0), x, x.Times(config.GetProperty("alpha").GetDouble())),
                    "MaxPooling2D" => SamePadMaxPool(x, config),
                    "GlobalAveragePooling2D" => x.mean([2L, 3L]),
                    var other => throw new InvalidOperationException($"the reference does not know {other}"),
                };
            }
            return values.Skip(1).ToDictionary();

            torch.Tensor Channel(string key) => _weights[key].reshape(1, -1, 1, 1);
        }

        private static torch.Tensor SamePadConv(torch.Tensor x, torch.Tensor hwio, JsonElement config)
        {
            config.GetProperty("strides")[0].GetInt64().Should().Be(1, "Tiny Darknet's convolutions have stride 1");
            var k = hwio.shape[0];
            var before = (k - 1) / 2;
            var padded = F.pad(x, [before, k - 1 - before, before, k - 1 - before]);
            return F.conv2d(padded, hwio.permute(3, 2, 0, 1));
        }

        private static torch.Tensor SamePadMaxPool(torch.Tensor x, JsonElement config)
        {
            var k = config.GetProperty("pool_size")[0].GetInt64();
            var s = config.GetProperty("strides")[0].GetInt64();
            var size = x.shape[2];
            var outSize = (size + s - 1) / s;
            var total = Math.Max(0, (outSize - 1) * s + k - size);
            var padded = F.pad(x, [total / 2, total - total / 2, total / 2, total - total / 2], value: double.NegativeInfinity);
            return F.max_pool2d(padded, [k, k], [s, s]);
        }
    }
}
