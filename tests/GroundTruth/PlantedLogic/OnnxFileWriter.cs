using CircuitSpec.Models.Onnx.Proto;
using Google.Protobuf;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.GroundTruth.PlantedLogic;

/// <summary>Writes a small float32 ONNX graph (opset 13) node by node, as an exporter would: weights as initializers.</summary>
internal sealed class OnnxFileWriter
{
    private readonly GraphProto _graph;
    private readonly ModelProto _model;

    public OnnxFileWriter(string name, string input, long[] inputShape)
    {
        _graph = new GraphProto { Name = name };
        _graph.Input.Add(Value(input, inputShape));
        _model = new ModelProto { IrVersion = 8, ProducerName = "CircuitSpec tests", Graph = _graph, OpsetImport = { new OperatorSetIdProto { Domain = "", Version = 13 } } };
    }

    public OnnxFileWriter Initializer(string name, Tensor value)
    {
        using var contiguous = value.contiguous().to(float32);
        var proto = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, Dims = { value.shape } };
        proto.FloatData.AddRange(contiguous.data<float>().ToArray());
        _graph.Initializer.Add(proto);
        return this;
    }

    public OnnxFileWriter Node(string opType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        _graph.Node.Add(new NodeProto { Name = output + "_node", OpType = opType, Input = { inputs }, Output = { output }, Attribute = { attributes } });
        return this;
    }

    public OnnxFileWriter Output(string name)
    {
        _graph.Output.Add(Value(name, null));
        return this;
    }

    public static AttributeProto Ints(string name, params long[] values) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    // Atomically: test classes that run in parallel write and read the same planted file, and a reader must never see
    // it half written (seen in CI as a tuning claim whose every response was NaN).
    public void Save(string path) => CircuitSpec.Pictures.AtomicFile.Write(path, _model.ToByteArray());

    private static ValueInfoProto Value(string name, long[]? shape)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float };
        if (shape is not null) tensor.Shape = new TensorShapeProto { Dim = { shape.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }) } };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
