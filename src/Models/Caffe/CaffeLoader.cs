using CircuitSpec.Errors;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Operators;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Caffe;

/// <summary>
/// Loads a Caffe network (deploy.prototxt + raw float32 weight files in <c>weights/</c>) into a
/// <see cref="GraphNetwork"/>. Points: a layer's output is named after its top blob; an in-place layer (ReLU, Dropout
/// writing its own input) is named after the layer, so both the pre- and post-activation values stay addressable.
/// </summary>
public static class CaffeLoader
{
    public static GraphNetwork Load(string modelFolder, InputConvention convention, string name, string prototxt = "deploy.prototxt")
    {
        var definition = PrototxtReader.Read(Path.Combine(modelFolder, prototxt));
        var file = Path.Combine(modelFolder, prototxt);
        var weights = new CaffeWeights(modelFolder);
        var builder = new GraphBuilder(file, opset: 13);
        var current = new Dictionary<string, string>(StringComparer.Ordinal); // blob -> point holding its latest value
        var channels = new Dictionary<string, long>(StringComparer.Ordinal);
        var lastRead = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastWrite = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        long parameters = 0;
        try
        {
            foreach (var input in definition.Values("input"))
            {
                builder.AddInput(input);
                current[input] = input;
            }
            foreach (var layer in definition.Messages("layer"))
            {
                index++;
                foreach (var b in layer.Values("bottom")) lastRead[b] = index;
                var layerName = layer.Value("name") ?? throw new ModelLoadException(file, null, "a layer has no name");
                var type = layer.Value("type") ?? throw new ModelLoadException(file, layerName, "the layer has no type");
                var bottoms = layer.Values("bottom").Select(b => current.TryGetValue(b, out var p) ? p
                    : throw new ModelLoadException(file, layerName, $"bottom blob '{b}' is produced by no earlier layer")).ToList();
                var top = layer.Value("top") ?? layerName;
                var inPlace = layer.Values("bottom").Contains(top);
                var output = inPlace ? layerName : top;
                var attributes = builder.Attributes(layerName);

                void Node(string op, IReadOnlyList<string> inputs, NodeAttributes a, string? outputName = null) =>
                    builder.AddNode(layerName, op, inputs, [outputName ?? output], a);

                switch (type)
                {
                    case "Input":
                        builder.AddInput(top);
                        current[top] = top;
                        channels[top] = layer.Message("input_param")?.Message("shape")?.Values("dim").Skip(1).Select(long.Parse).FirstOrDefault() ?? 3;
                        continue;
                    case "Convolution":
                    {
                        var p = layer.Message("convolution_param") ?? throw new ModelLoadException(file, layerName, "convolution_param is missing");
                        var outputs = p.Int("num_output", 0);
                        var kernel = p.Int("kernel_size", p.Int("kernel_h", 0));
                        var kernelW = p.Int("kernel_size", p.Int("kernel_w", 0));
                        var group = p.Int("group", 1);
                        var filter = weights.Read(layerName, "filter");
                        var inChannels = filter.Length / Math.Max(1, outputs * kernel * kernelW);
                        if (outputs <= 0 || inChannels * outputs * kernel * kernelW != filter.Length)
                            throw new ModelLoadException(file, layerName,
                                $"the filter file holds {filter.Length} values, not num_output {outputs} × {kernel}×{kernelW} × input channels");
                        if (channels.TryGetValue(bottoms[0], out var c) && c / group != inChannels)
                            throw new ModelLoadException(file, layerName, $"the filter expects {inChannels} input channels per group, the bottom blob has {c}/{group}");
                        // Stored (out, kh, kw, in); torch wants (out, in, kh, kw).
                        var w = tensor(filter, [outputs, kernel, kernelW, inChannels]).permute(0, 3, 1, 2).contiguous();
                        builder.AddInitializer($"{layerName}/filter", w);
                        var inputs = new List<string> { bottoms[0], $"{layerName}/filter" };
                        parameters += filter.Length;
                        if (p.Bool("bias_term", true))
                        {
                            var bias = weights.Read(layerName, "bias");
                            builder.AddInitializer($"{layerName}/bias", tensor(bias));
                            inputs.Add($"{layerName}/bias");
                            parameters += bias.Length;
                        }
                        var pad = p.Int("pad", 0);
                        var stride = p.Int("stride", 1);
                        Node("Conv", inputs, attributes
                            .Set("kernel_shape", new[] { kernel, kernelW })
                            .Set("strides", new[] { stride, stride })
                            .Set("pads", new[] { pad, pad, pad, pad })
                            .Set("dilations", Enumerable.Repeat(p.Int("dilation", 1), 2).ToArray())
                            .Set("group", group));
                        channels[output] = outputs;
                        break;
                    }
                    case "InnerProduct":
                    {
                        var p = layer.Message("inner_product_param");
                        var outputs = p?.Int("num_output", 0) ?? 0;
                        var filter = weights.Read(layerName, "filter");
                        if (outputs <= 0 || filter.Length % outputs != 0)
                            throw new ModelLoadException(file, layerName, $"the filter file holds {filter.Length} values, not a multiple of num_output {outputs}");
                        builder.AddInitializer($"{layerName}/filter", tensor(filter, [outputs, filter.Length / outputs]));
                        var inputs = new List<string> { $"{layerName}/flat", $"{layerName}/filter" };
                        parameters += filter.Length;
                        if (p!.Bool("bias_term", true))
                        {
                            var bias = weights.Read(layerName, "bias");
                            builder.AddInitializer($"{layerName}/bias", tensor(bias));
                            inputs.Add($"{layerName}/bias");
                            parameters += bias.Length;
                        }
                        builder.AddNode(layerName + "/flatten", "Flatten", [bottoms[0]], [$"{layerName}/flat"], builder.Attributes(layerName).Set("axis", 1L));
                        Node("Gemm", inputs, attributes.Set("transB", 1L));
                        channels[output] = outputs;
                        break;
                    }
                    case "Pooling":
                    {
                        var p = layer.Message("pooling_param") ?? new PrototxtMessage();
                        var op = p.Value("pool") is null or "MAX" ? "MaxPool" : p.Value("pool") == "AVE" ? "AveragePool"
                            : throw new UnsupportedOperatorException(file, layerName, "Pooling", "caffe", 0, $"pool {p.Value("pool")}");
                        if (p.Bool("global_pooling", false))
                        {
                            Node(op == "MaxPool" ? "GlobalMaxPool" : "GlobalAveragePool", bottoms, attributes);
                            break;
                        }
                        var k = p.Int("kernel_size", 1);
                        var s = p.Int("stride", 1);
                        var pad = p.Int("pad", 0);
                        // Caffe rounds the output size up; padding counts in average pools (count_include_pad).
                        Node(op, bottoms, attributes
                            .Set("kernel_shape", new[] { k, k }).Set("strides", new[] { s, s }).Set("pads", new[] { pad, pad, pad, pad })
                            .Set("ceil_mode", 1L).Set("count_include_pad", 1L));
                        break;
                    }
                    case "LRN":
                    {
                        var p = layer.Message("lrn_param") ?? new PrototxtMessage();
                        if (p.Value("norm_region") is { } region && region != "ACROSS_CHANNELS")
                            throw new UnsupportedOperatorException(file, layerName, "LRN", "caffe", 0, $"norm_region {region}");
                        Node("LRN", bottoms, attributes.Set("size", p.Int("local_size", 5)).Set("alpha", p.Float("alpha", 1f))
                            .Set("beta", p.Float("beta", 0.75f)).Set("bias", p.Float("k", 1f)));
                        break;
                    }
                    case "ReLU":
                    {
                        var slope = layer.Message("relu_param")?.Float("negative_slope", 0f) ?? 0f;
                        Node(slope == 0 ? "Relu" : "LeakyRelu", bottoms, slope == 0 ? attributes : attributes.Set("alpha", slope));
                        break;
                    }
                    case "Concat":
                        Node("Concat", bottoms, attributes.Set("axis", layer.Message("concat_param")?.Int("axis", 1) ?? 1L));
                        channels[output] = bottoms.Sum(b => channels.GetValueOrDefault(b));
                        break;
                    case "Dropout":
                        Node("Identity", bottoms, attributes);
                        break;
                    case "Softmax":
                        Node("Softmax", bottoms, attributes.Set("axis", layer.Message("softmax_param")?.Int("axis", 1) ?? 1L));
                        break;
                    default:
                        throw new UnsupportedOperatorException(file, layerName, type, "caffe", 0);
                }
                if (!channels.ContainsKey(output) && bottoms.Count > 0 && channels.TryGetValue(bottoms[0], out var same)) channels[output] = same;
                current[top] = output;
                lastWrite[top] = index;
            }
            // Network outputs: blobs whose final value no later layer reads (for GoogLeNet, "prob").
            foreach (var (blob, point) in current)
                if (lastWrite.TryGetValue(blob, out var written) && lastRead.GetValueOrDefault(blob, -1) < written)
                    builder.AddOutput(point);
            return builder.Build(name, convention, parameters);
        }
        catch
        {
            builder.DisposeWeightsIfNotBuilt();
            throw;
        }
    }
}
