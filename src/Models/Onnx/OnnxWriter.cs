using CircuitSpec.Models.Onnx.Proto;
using Google.Protobuf;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Onnx;

/// <summary>
/// Writes an ONNX graph (opset 13) node by node, as an exporter would: weights as initializers, float32 or int64
/// inputs with fixed or named (dynamic) dimensions. Planted models are written with it and read back by
/// <see cref="OnnxLoader"/>, like a user's model.
/// </summary>
internal sealed class OnnxWriter
{
    private readonly GraphProto _graph;
    private readonly ModelProto _model;

    public OnnxWriter(string name)
    {
        _graph = new GraphProto { Name = name };
        _model = new ModelProto { IrVersion = 8, ProducerName = "CircuitSpec", Graph = _graph, OpsetImport = { new OperatorSetIdProto { Domain = "", Version = 13 } } };
    }

    /// <summary>A float32 graph input; a dimension is fixed (a number) or dynamic (a name such as "batch").</summary>
    public OnnxWriter Input(string name, params object[] shape) => AddInput(name, TensorProto.Types.DataType.Float, shape);

    /// <summary>An int64 graph input (token ids, masks).</summary>
    public OnnxWriter Int64Input(string name, params object[] shape) => AddInput(name, TensorProto.Types.DataType.Int64, shape);

    public OnnxWriter Initializer(string name, Tensor value)
    {
        using var contiguous = value.contiguous().to(float32).cpu();
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { value.shape } };
        proto.FloatData.AddRange(contiguous.data<float>().ToArray());
        _graph.Initializer.Add(proto);
        return this;
    }

    public OnnxWriter Int64Initializer(string name, params long[] values)
    {
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { values.LongLength } };
        proto.Int64Data.AddRange(values);
        _graph.Initializer.Add(proto);
        return this;
    }

    public OnnxWriter Node(string opType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        _graph.Node.Add(new NodeProto { Name = output + "_node", OpType = opType, Input = { inputs }, Output = { output }, Attribute = { attributes } });
        return this;
    }

    public OnnxWriter Output(string name)
    {
        _graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } } });
        return this;
    }

    public static AttributeProto Ints(string name, params long[] values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public byte[] ToBytes() => _model.ToByteArray();

    // Atomically: test classes that run in parallel write and read the same planted file, and a reader must never see
    // it half written (seen in CI as a tuning claim whose every response was NaN).
    public void Save(string path) => Pictures.AtomicFile.Write(path, ToBytes());

    private OnnxWriter AddInput(string name, TensorProto.Types.DataType type, object[] shape)
    {
        var tensor = new TypeProto.Types.Tensor
        {
            ElemType = (int)type,
            Shape = new TensorShapeProto
            {
                Dim =
                {
                    shape.Select(d => d is string symbol
                        ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                        : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) }),
                },
            },
        };
        _graph.Input.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } });
        return this;
    }
}
