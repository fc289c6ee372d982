using CircuitSpec.Models.Onnx.Proto;
using Google.Protobuf;

namespace CircuitSpec.Tests.Reliability.Fuzzing;

/// <summary>
/// Ways to break an ONNX model, each a function of the model and a seeded random source that edits the model in place
/// and says what it did (null when the model has nothing it could break, e.g. no initializer to remove).
/// </summary>
internal static class OnnxMutations
{
    public delegate string? Mutation(ModelProto model, Random random);

    /// <summary>Edits of the parsed model, written back as a well-formed protobuf.</summary>
    public static readonly IReadOnlyDictionary<string, Mutation> Structural = new Dictionary<string, Mutation>
    {
        ["wrong-dims"] = WrongDims,
        ["negative-dim"] = NegativeDim,
        ["huge-dims"] = HugeDims,
        ["missing-initializer"] = MissingInitializer,
        ["duplicate-initializer"] = DuplicateInitializer,
        ["dangling-input"] = DanglingInput,
        ["cycle"] = Cycle,
        ["unknown-op"] = UnknownOp,
        ["unknown-dtype"] = UnknownDtype,
        ["bad-attribute"] = BadAttribute,
        ["removed-node"] = RemovedNode,
        ["duplicate-output"] = DuplicateOutput,
        ["input-shape"] = InputShape,
        ["opset"] = Opset,
        ["no-graph"] = (model, _) => { model.Graph = null; return "the graph removed"; },
    };

    /// <summary>Edits of the file's bytes: what a broken download or a bad disk does.</summary>
    public static readonly IReadOnlyDictionary<string, Func<byte[], Random, (byte[] Bytes, string What)>> Bytewise =
        new Dictionary<string, Func<byte[], Random, (byte[], string)>>
        {
            ["truncated"] = (bytes, random) =>
            {
                var cut = random.Next(bytes.Length);
                return (bytes[..cut], $"cut to {cut} of {bytes.Length} bytes");
            },
            ["bit-flips"] = (bytes, random) => FlipBits(bytes, 0, bytes.Length, random),
            ["byte-burst"] = (bytes, random) => Burst(bytes, 0, bytes.Length, random),
        };

    public static (byte[] Bytes, string What) FlipBits(byte[] bytes, int start, int end, Random random)
    {
        var copy = (byte[])bytes.Clone();
        var flips = random.Next(1, 17);
        var at = new List<int>();
        for (var i = 0; i < flips; i++)
        {
            var position = random.Next(start, end);
            copy[position] ^= (byte)(1 << random.Next(8));
            at.Add(position);
        }
        return (copy, $"{flips} bit(s) flipped at bytes {string.Join(", ", at.Order().Take(6))}{(flips > 6 ? ", …" : "")}");
    }

    public static (byte[] Bytes, string What) Burst(byte[] bytes, int start, int end, Random random)
    {
        var copy = (byte[])bytes.Clone();
        var length = Math.Min(random.Next(1, 65), end - start);
        var at = random.Next(start, end - length + 1);
        random.NextBytes(copy.AsSpan(at, length));
        return (copy, $"{length} random bytes written at {at}");
    }

    private static T? Pick<T>(IList<T> items, Random random) where T : class =>
        items.Count == 0 ? null : items[random.Next(items.Count)];

    private static string Dims(IEnumerable<long> dims) => "[" + string.Join(", ", dims) + "]";

    private static string? WrongDims(ModelProto model, Random random)
    {
        if (Pick(model.Graph.Initializer.Where(i => i.Dims.Count > 0).ToList(), random) is not { } init) return null;
        var before = Dims(init.Dims);
        if (init.Dims.Count > 1 && random.Next(2) == 0)
        {
            // Same element count, different layout: loads, then a consumer gets a shape it cannot use (or one it can).
            (init.Dims[0], init.Dims[^1]) = (init.Dims[^1], init.Dims[0]);
        }
        else
        {
            var axis = random.Next(init.Dims.Count);
            init.Dims[axis] = Math.Max(0, init.Dims[axis] + (random.Next(2) == 0 ? -1 : 1));
        }
        return $"initializer '{init.Name}' {before} → {Dims(init.Dims)}";
    }

    private static string? NegativeDim(ModelProto model, Random random)
    {
        if (Pick(model.Graph.Initializer.Where(i => i.Dims.Count > 0).ToList(), random) is not { } init) return null;
        var axis = random.Next(init.Dims.Count);
        init.Dims[axis] = -random.Next(1, 5);
        return $"initializer '{init.Name}' axis {axis} → {init.Dims[axis]}";
    }

    private static string? HugeDims(ModelProto model, Random random)
    {
        if (Pick(model.Graph.Initializer, random) is not { } init) return null;
        init.Dims.Clear();
        init.Dims.Add(random.Next(2) == 0 ? [1L << 20, 1L << 20] : [1L << 40]);
        return $"initializer '{init.Name}' dims → {Dims(init.Dims)} (2^40 elements)";
    }

    private static string? MissingInitializer(ModelProto model, Random random)
    {
        if (Pick(model.Graph.Initializer, random) is not { } init) return null;
        model.Graph.Initializer.Remove(init);
        if (model.Graph.Input.FirstOrDefault(i => i.Name == init.Name) is { } declared) model.Graph.Input.Remove(declared);
        return $"initializer '{init.Name}' removed";
    }

    private static string? DuplicateInitializer(ModelProto model, Random random)
    {
        if (Pick(model.Graph.Initializer, random) is not { } init) return null;
        model.Graph.Initializer.Add(init.Clone());
        return $"initializer '{init.Name}' listed twice";
    }

    private static string? DanglingInput(ModelProto model, Random random)
    {
        if (Pick(model.Graph.Node.Where(n => n.Input.Count > 0).ToList(), random) is not { } node) return null;
        var slot = random.Next(node.Input.Count);
        node.Input[slot] = "no_such_value_" + random.Next(1000);
        return $"node {node.OpType} '{node.Name}' input {slot} → '{node.Input[slot]}'";
    }

    private static string? Cycle(ModelProto model, Random random)
    {
        var nodes = model.Graph.Node;
        var readers = Enumerable.Range(0, nodes.Count).Where(i => nodes[i].Input.Count > 0 && nodes[i].Output.Count > 0).ToList();
        if (readers.Count == 0) return null;
        var from = readers[random.Next(readers.Count)];
        var later = nodes[random.Next(from, nodes.Count)];
        if (later.Output.Count == 0) return null;
        var node = nodes[from];
        node.Input[0] = later.Output[0];
        return $"node {node.OpType} '{node.Name}' reads '{later.Output[0]}', produced by itself or a node after it";
    }

    private static string? UnknownOp(ModelProto model, Random random)
    {
        if (Pick(model.Graph.Node, random) is not { } node) return null;
        var before = node.OpType;
        node.OpType = random.Next(3) switch { 0 => before + "X", 1 => "", _ => before.ToLowerInvariant() };
        if (random.Next(4) == 0) node.Domain = "com.example.custom";
        return $"node '{node.Name}' op {before} → '{node.OpType}'{(node.Domain.Length > 0 ? $" in domain {node.Domain}" : "")}";
    }

    private static string? UnknownDtype(ModelProto model, Random random)
    {
        if (Pick(model.Graph.Initializer, random) is not { } init) return null;
        int[] types = [0, 4, 8, 12, 13, 14, 15, 17, 18, 19, 20, 21, 22, 23, 42, -1, 1000];
        var before = init.DataType;
        init.DataType = types[random.Next(types.Length)];
        return $"initializer '{init.Name}' data_type {before} → {init.DataType}";
    }

    private static string? BadAttribute(ModelProto model, Random random)
    {
        var withInts = model.Graph.Node.SelectMany(n => n.Attribute.Select(a => (Node: n, Attribute: a)))
            .Where(p => p.Attribute.Type is AttributeProto.Types.AttributeType.Int or AttributeProto.Types.AttributeType.Ints)
            .ToList();
        if (withInts.Count == 0) return null;
        var (node, attribute) = withInts[random.Next(withInts.Count)];
        long[] values = [0, -1, -7, 1L << 31, 1L << 40, long.MaxValue, long.MinValue, 3];
        var value = values[random.Next(values.Length)];
        if (attribute.Type == AttributeProto.Types.AttributeType.Int) attribute.I = value;
        else if (attribute.Ints.Count == 0 || random.Next(3) == 0)
        {
            attribute.Ints.Clear();
            attribute.Ints.Add(Enumerable.Repeat(value, random.Next(0, 7)));
        }
        else attribute.Ints[random.Next(attribute.Ints.Count)] = value;
        return $"node {node.OpType} '{node.Name}' attribute {attribute.Name} → {(attribute.Type == AttributeProto.Types.AttributeType.Int ? attribute.I : Dims(attribute.Ints))}";
    }

    private static string? RemovedNode(ModelProto model, Random random)
    {
        if (Pick(model.Graph.Node, random) is not { } node) return null;
        model.Graph.Node.Remove(node);
        return $"node {node.OpType} '{node.Name}' removed";
    }

    private static string? DuplicateOutput(ModelProto model, Random random)
    {
        if (model.Graph.Node.Count < 2) return null;
        var a = random.Next(model.Graph.Node.Count);
        var b = (a + 1 + random.Next(model.Graph.Node.Count - 1)) % model.Graph.Node.Count;
        model.Graph.Node[b].Output[0] = model.Graph.Node[a].Output[0];
        return $"nodes '{model.Graph.Node[a].Name}' and '{model.Graph.Node[b].Name}' both produce '{model.Graph.Node[a].Output[0]}'";
    }

    private static string? InputShape(ModelProto model, Random random)
    {
        var initializers = model.Graph.Initializer.Select(i => i.Name).ToHashSet();
        if (model.Graph.Input.FirstOrDefault(i => !initializers.Contains(i.Name))?.Type?.TensorType?.Shape is not { Dim.Count: > 0 } shape) return null;
        var dim = shape.Dim[random.Next(shape.Dim.Count)];
        long[] values = [0, -1, 1L << 40, 7];
        dim.DimValue = values[random.Next(values.Length)];
        return $"declared input dimension → {dim.DimValue}";
    }

    private static string? Opset(ModelProto model, Random random)
    {
        if (model.OpsetImport.Count == 0) return null;
        long[] versions = [0, 1, -3, 10_000];
        model.OpsetImport[0].Version = versions[random.Next(versions.Length)];
        return $"opset → {model.OpsetImport[0].Version}";
    }

    public static byte[] Bytes(ModelProto model) => model.ToByteArray();
}
