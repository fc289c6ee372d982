using CircuitSpec.Errors;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Onnx.Proto;
using CircuitSpec.Models.Operators;
using CircuitSpec.Networks;
using Google.Protobuf;

namespace CircuitSpec.Models.Onnx;

/// <summary>Loads an .onnx file into an executable <see cref="GraphNetwork"/> whose points are the ONNX value names.</summary>
public static class OnnxLoader
{
    /// <summary>Loads a model; <paramref name="convention"/> defaults to a raw input of the graph's declared shape.</summary>
    public static GraphNetwork Load(string path, InputConvention? convention = null, string? name = null)
    {
        if (!File.Exists(path))
            throw new ModelLoadException(path, null, "the file does not exist");
        ModelProto model;
        try
        {
            using var stream = File.OpenRead(path);
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelLoadException(path, null, $"not a valid ONNX model (protobuf: {e.Message}); the file may be truncated or corrupt", e);
        }
        return Build(model, path, convention, name ?? Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Loads a model from its bytes (e.g. an assembly resource); <paramref name="origin"/> names it in errors.</summary>
    public static GraphNetwork Load(byte[] bytes, string origin, string name, InputConvention? convention = null)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelLoadException(origin, null, $"not a valid ONNX model (protobuf: {e.Message})", e);
        }
        return Build(model, origin, convention, name);
    }

    internal static GraphNetwork Build(ModelProto model, string path, InputConvention? convention, string name)
    {
        if (model.Graph is null) throw new ModelLoadException(path, null, "the model has no graph (is this an ONNX file?)");
        var graph = model.Graph;
        var opset = model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx").Select(o => o.Version).DefaultIfEmpty(1).Max();
        var builder = new GraphBuilder(path, opset);
        try
        {
            foreach (var init in graph.Initializer)
            {
                if (string.IsNullOrEmpty(init.Name)) throw new ModelLoadException(path, null, "an initializer has no name");
                builder.AddInitializer(init.Name, TensorProtoReader.ToTensor(init, path));
            }
            var realInputs = graph.Input.Where(i => !builder.HasInitializer(i.Name)).ToList();
            if (realInputs.Concat(graph.Output).FirstOrDefault(v => v.Type is { } t && t.ValueCase != TypeProto.ValueOneofCase.TensorType) is { } other)
                throw new ModelLoadException(path, other.Name, $"the graph's value '{other.Name}' is a {other.Type.ValueCase} value; CircuitSpec runs graphs of tensors only");
            foreach (var input in realInputs) builder.AddInput(input.Name);
            foreach (var output in graph.Output) builder.AddOutput(output.Name);

            var index = 0;
            foreach (var node in graph.Node)
            {
                var nodeName = string.IsNullOrEmpty(node.Name) ? $"{node.OpType}_{index}" : node.Name;
                index++;
                if (node.Output.Count == 0) throw new ModelLoadException(path, nodeName, "the node has no outputs");
                builder.AddNode(nodeName, node.OpType, node.Input.ToList(), node.Output.ToList(), ReadAttributes(node, nodeName, path), node.Domain);
            }

            var first = realInputs.FirstOrDefault();
            var shape = first?.Type?.TensorType?.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue > 0 ? d.DimValue : 1).ToArray()
                        ?? [1];
            return builder.Build(name, convention ?? InputConvention.Raw(shape));
        }
        catch (ModelLoadException)
        {
            builder.DisposeWeightsIfNotBuilt();
            throw;
        }
        catch (Exception e) when (e is not CircuitSpecException)
        {
            builder.DisposeWeightsIfNotBuilt();
            throw new ModelLoadException(path, null, e.Message, e);
        }
    }

    private static NodeAttributes ReadAttributes(NodeProto node, string nodeName, string path)
    {
        var attributes = new NodeAttributes(path, nodeName);
        foreach (var a in node.Attribute)
        {
            object? value = a.Type switch
            {
                AttributeProto.Types.AttributeType.Float => a.F,
                AttributeProto.Types.AttributeType.Int => a.I,
                AttributeProto.Types.AttributeType.String => a.S.ToStringUtf8(),
                AttributeProto.Types.AttributeType.Floats => a.Floats.ToArray(),
                AttributeProto.Types.AttributeType.Ints => a.Ints.ToArray(),
                AttributeProto.Types.AttributeType.Tensor => TensorProtoReader.ToTensor(a.T, path),
                AttributeProto.Types.AttributeType.Strings => a.Strings.Select(s => s.ToStringUtf8()).ToArray(),
                AttributeProto.Types.AttributeType.Undefined => Untyped(a, path),
                _ => throw new UnsupportedOperatorException(path, nodeName, node.OpType, node.Domain, 0, $"attribute '{a.Name}' of type {a.Type}"),
            };
            if (value is not null) attributes.Set(a.Name, value);
        }
        return attributes;
    }

    // Very old exports leave the attribute type unset; infer it from the field that holds a value.
    private static object? Untyped(AttributeProto a, string path) =>
        a.Ints.Count > 0 ? a.Ints.ToArray()
        : a.Floats.Count > 0 ? a.Floats.ToArray()
        : !a.S.IsEmpty ? a.S.ToStringUtf8()
        : a.T is not null ? TensorProtoReader.ToTensor(a.T, path)
        : a.I != 0 ? a.I
        : a.F != 0 ? a.F
        : null;
}
