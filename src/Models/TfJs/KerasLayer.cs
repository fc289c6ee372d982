using System.Text.Json;
using CircuitSpec.Errors;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Operators;
using static TorchSharp.torch;

namespace CircuitSpec.Models.TfJs;

/// <summary>Translates one Keras layer (channels_last) into ONNX-style nodes on NCHW tensors.</summary>
internal sealed class KerasLayer
{
    private readonly JsonElement _layer;
    private readonly JsonElement _config;
    private readonly string _file;
    private readonly GraphBuilder _builder;
    private readonly Dictionary<string, Tensor> _weights;
    private readonly HashSet<string> _used;

    public KerasLayer(JsonElement layer, string file, GraphBuilder builder, Dictionary<string, Tensor> weights, HashSet<string> used)
    {
        _layer = layer;
        _file = file;
        _builder = builder;
        _weights = weights;
        _used = used;
        Name = layer.Need("name").Text();
        ClassName = layer.Need("class_name").Text();
        _config = layer.Need("config");
    }

    public string Name { get; }
    public string ClassName { get; }

    public long[] InputShape() =>
        _config.Need("batch_input_shape").EnumerateArray().Select(d => d.ValueKind == JsonValueKind.Null ? 1L : d.GetInt64()).ToArray();

    public void Translate()
    {
        if (_config.TryGetProperty("data_format", out var format) && format.GetString() != "channels_last")
            throw Unsupported($"data_format '{format.GetString()}'");
        var inputs = Inbound();
        switch (ClassName)
        {
            case "Conv2D":
                Conv(inputs[0]);
                break;
            case "BatchNormalization":
                var axis = _config.TryGetProperty("axis", out var a) ? a.GetInt64() : -1;
                if (axis is not (-1 or 3)) throw Unsupported($"normalization over axis {axis}");
                Node("BatchNormalization", [inputs[0], Weight("gamma"), Weight("beta"), Weight("moving_mean"), Weight("moving_variance")], Name,
                    Attributes().Set("epsilon", Float("epsilon", 1e-3f)));
                break;
            case "LeakyReLU":
                Node("LeakyRelu", inputs, Name, Attributes().Set("alpha", Float("alpha", 0.3f)));
                break;
            case "ReLU":
                Node("Relu", inputs, Name, Attributes());
                break;
            case "Activation":
                Activation(inputs[0], Name, _config.Need("activation").Text());
                break;
            case "MaxPooling2D" or "AveragePooling2D":
                var pool = Ints("pool_size");
                Node(ClassName == "MaxPooling2D" ? "MaxPool" : "AveragePool", inputs, Name, Attributes()
                    .Set("kernel_shape", pool)
                    .Set("strides", _config.TryGetProperty("strides", out var s) && s.ValueKind == JsonValueKind.Array ? Ints("strides") : pool)
                    .Set("auto_pad", Padding()));
                break;
            case "GlobalAveragePooling2D" or "GlobalMaxPooling2D":
                Node(ClassName == "GlobalAveragePooling2D" ? "GlobalAveragePool" : "GlobalMaxPool", inputs, Name + "/pooled", Attributes());
                Node("Flatten", [Name + "/pooled"], Name, Attributes().Set("axis", 1L));
                break;
            case "Add":
                Node("Sum", inputs, Name, Attributes());
                break;
            case "Concatenate":
                var concatAxis = _config.TryGetProperty("axis", out var ca) ? ca.GetInt64() : -1;
                if (concatAxis is not (-1 or 3)) throw Unsupported($"concatenation along axis {concatAxis}");
                Node("Concat", inputs, Name, Attributes().Set("axis", 1L));
                break;
            case "Dropout":
                Node("Identity", inputs, Name, Attributes());
                break;
            default:
                throw Unsupported();
        }
    }

    private void Conv(string input)
    {
        if (_config.Need("activation").GetString() is not { } activation) throw Unsupported("a missing activation");
        // Keras kernels are [kh, kw, in, out]; torch wants [out, in, kh, kw]. The weight keeps its Keras name.
        var kernel = Weight("kernel", hwio => hwio.permute(3, 2, 0, 1).contiguous());
        var inputs = new List<string> { input, kernel };
        if (_config.TryGetProperty("use_bias", out var useBias) && useBias.GetBoolean()) inputs.Add(Weight("bias"));
        var output = activation == "linear" ? Name : Name + "/preactivation";
        Node("Conv", inputs, output, Attributes()
            .Set("kernel_shape", Ints("kernel_size"))
            .Set("strides", Ints("strides"))
            .Set("dilations", Ints("dilation_rate"))
            .Set("auto_pad", Padding()));
        if (activation != "linear") Activation(output, Name, activation);
    }

    private void Activation(string input, string output, string activation)
    {
        var op = activation switch
        {
            "relu" => "Relu",
            "sigmoid" => "Sigmoid",
            "tanh" => "Tanh",
            "softmax" => "Softmax",
            "linear" => "Identity",
            _ => throw Unsupported($"activation '{activation}'"),
        };
        Node(op, [input], output, Attributes());
    }

    private string Padding() => _config.Need("padding").GetString() switch
    {
        "same" => "SAME_UPPER",
        "valid" => "VALID",
        var other => throw Unsupported($"padding '{other}'"),
    };

    private List<string> Inbound()
    {
        var nodes = _layer.Need("inbound_nodes");
        if (nodes.GetArrayLength() != 1) throw Unsupported("a layer applied more than once (shared layers)");
        var inbound = nodes.Item(0).EnumerateArray().Select(n => n.Item(0).Text()).ToList();
        return inbound.Count > 0 ? inbound : throw new ModelLoadException(_file, Name, "the layer reads no other layer (its inbound_nodes are empty)");
    }

    private string Weight(string part, Func<Tensor, Tensor>? layout = null)
    {
        var key = $"{Name}/{part}";
        if (!_weights.TryGetValue(key, out var value))
            throw new ModelLoadException(_file, Name, $"weight '{key}' is missing from weightsManifest");
        if (_used.Add(key))
        {
            var stored = layout is null ? value : layout(value);
            if (!ReferenceEquals(stored, value)) value.Dispose();
            _builder.AddInitializer(key, stored);
        }
        return key;
    }

    private void Node(string op, IReadOnlyList<string> inputs, string output, NodeAttributes attributes) =>
        _builder.AddNode(output == Name ? Name : output, op, inputs, [output], attributes, domain: "");

    private NodeAttributes Attributes() => _builder.Attributes(Name);

    private long[] Ints(string property) => _config.Need(property).EnumerateArray().Select(v => v.GetInt64()).ToArray();

    private float Float(string property, float fallback) =>
        _config.TryGetProperty(property, out var v) ? v.GetSingle() : fallback;

    private UnsupportedOperatorException Unsupported(string? detail = null) => new(_file, Name, ClassName, "keras", 0, detail);
}
