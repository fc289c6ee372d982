using CircuitSpec.Errors;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>
/// A node's attributes by name (ONNX semantics). Values are long, float, string, long[], float[] or Tensor. Loaders of
/// other formats (Caffe, TF.js Layers) translate their layers into ONNX-style nodes with these attributes.
/// </summary>
public sealed class NodeAttributes
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly string _file;
    private readonly string _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public NodeAttributes(string file, string node)
    {
        _file = file;
        _node = node;
    }

    public NodeAttributes Set(string name, object value)
    {
        _values[name] = value;
        return this;
    }

    public bool Has(string name)
    {
        _read.Add(name);
        return _values.ContainsKey(name);
    }

    /// <summary>
    /// Says that an attribute does not change what the operator computes at inference (Dropout's seed, batch
    /// normalization's momentum), so its presence is no reason to refuse the node.
    /// </summary>
    public NodeAttributes Ignore(params string[] names)
    {
        _read.UnionWith(names);
        return this;
    }

    /// <summary>Attributes present that the operator never looked at: a node using them would be computed wrongly.</summary>
    public IReadOnlyList<string> Unread => _values.Keys.Where(k => !_read.Contains(k)).Order(StringComparer.Ordinal).ToList();

    public IEnumerable<string> Names => _values.Keys;

    public long Int(string name, long fallback) => Has(name) ? Get<long>(name) : fallback;

    public long Int(string name) => Get<long>(name);

    public float Float(string name, float fallback) => Has(name) ? Get<float>(name) : fallback;

    public string String(string name, string fallback) => Has(name) ? Get<string>(name) : fallback;

    public long[]? Ints(string name) => Has(name) ? Get<long[]>(name) : null;

    public float[]? Floats(string name) => Has(name) ? Get<float[]>(name) : null;

    public Tensor? TensorValue(string name) => Has(name) ? Get<Tensor>(name) : null;

    private T Get<T>(string name)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var value))
            throw Error($"required attribute '{name}' is missing");
        return value switch
        {
            T typed => typed,
            long l when typeof(T) == typeof(float) => (T)(object)(float)l,
            float f when typeof(T) == typeof(long) && f == MathF.Floor(f) => (T)(object)(long)f,
            _ => throw Error($"attribute '{name}' is a {Describe(value)}, expected {typeof(T).Name}"),
        };
    }

    public ModelLoadException Error(string problem) => new(_file, _node, problem);

    private static string Describe(object value) => value switch
    {
        long => "int",
        float => "float",
        string => "string",
        long[] => "list of ints",
        float[] => "list of floats",
        Tensor => "tensor",
        _ => value.GetType().Name,
    };
}
