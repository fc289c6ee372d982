using CircuitSpec.Errors;
using CircuitSpec.Models.Operators;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Graph;

/// <summary>
/// Collects a model's inputs, weights and nodes from any file format, checks that the graph is well formed (no
/// dangling inputs, no value produced twice, no cycle), orders it topologically and builds a <see cref="GraphNetwork"/>.
/// </summary>
public sealed class GraphBuilder
{
    private readonly string _file;
    private readonly List<string> _inputs = [];
    private readonly List<string> _outputs = [];
    private readonly List<GraphNode> _nodes = [];
    private readonly Dictionary<string, Tensor> _initializers = new(StringComparer.Ordinal);

    public GraphBuilder(string file, long opset)
    {
        _file = file;
        Opset = opset;
    }

    public string File => _file;
    public long Opset { get; }

    public GraphBuilder AddInput(string name)
    {
        _inputs.Add(name);
        return this;
    }

    public GraphBuilder AddOutput(string name)
    {
        _outputs.Add(name);
        return this;
    }

    public bool HasInitializer(string name) => _initializers.ContainsKey(name);

    public Tensor Initializer(string name) => _initializers[name];

    public GraphBuilder AddInitializer(string name, Tensor value)
    {
        if (!_initializers.TryAdd(name, value))
        {
            value.Dispose();
            throw new ModelLoadException(_file, name, "the initializer is defined twice");
        }
        return this;
    }

    /// <summary>Adds a node; its operator is created (and checked) now, so unsupported operators fail at load.</summary>
    public GraphBuilder AddNode(string name, string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs,
        NodeAttributes attributes, string domain = "")
    {
        var context = new OperatorContext(_file, name, opType, domain, Opset, inputs.Count, outputs.Count);
        var op = OperatorSet.Create(context, attributes);
        if (attributes.Unread is [_, ..] unread)
            throw context.Unsupported($"attribute{(unread.Count > 1 ? "s" : "")} {string.Join(", ", unread.Select(a => $"'{a}'"))} not supported");
        _nodes.Add(new GraphNode(name, opType, inputs, outputs, op));
        return this;
    }

    public NodeAttributes Attributes(string node) => new(_file, node);

    public GraphNetwork Build(string modelName, InputConvention convention, long? parameterCount = null)
    {
        try
        {
            if (_outputs.Count == 0) throw new ModelLoadException(_file, null, "the graph declares no output");
            var ordered = TopologicalOrder();
            var count = parameterCount ?? _initializers.Values.Where(t => t.is_floating_point()).Sum(t => t.numel());
            return new GraphNetwork(modelName, convention, _inputs, _outputs, ordered, _initializers, count);
        }
        catch
        {
            DisposeWeightsIfNotBuilt();
            throw;
        }
    }

    /// <summary>Releases the weights collected so far, for a loader that gives up before <see cref="Build"/>.</summary>
    public void DisposeWeightsIfNotBuilt()
    {
        foreach (var t in _initializers.Values) t.Dispose();
        _initializers.Clear();
    }

    private List<GraphNode> TopologicalOrder()
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        var available = new HashSet<string>(_inputs.Concat(_initializers.Keys), StringComparer.Ordinal);
        for (var i = 0; i < _nodes.Count; i++)
            foreach (var output in _nodes[i].Outputs.Where(o => o.Length > 0))
            {
                if (available.Contains(output) || !producer.TryAdd(output, i))
                    throw new ModelLoadException(_file, _nodes[i].Name, $"value '{output}' is produced more than once");
            }

        foreach (var node in _nodes)
            foreach (var input in node.Inputs.Where(i => i.Length > 0))
                if (!available.Contains(input) && !producer.ContainsKey(input))
                    throw new ModelLoadException(_file, node.Name,
                        $"input '{input}' is neither a graph input, a weight, nor the output of any node (a dangling reference)");

        foreach (var output in _outputs)
            if (!available.Contains(output) && !producer.ContainsKey(output))
                throw new ModelLoadException(_file, output, "the graph output is produced by no node");

        // Kahn's algorithm, keeping file order among ready nodes so that point order matches the file.
        var pending = new int[_nodes.Count];
        var readers = new Dictionary<int, List<int>>();
        for (var i = 0; i < _nodes.Count; i++)
            foreach (var input in _nodes[i].Inputs.Distinct())
                if (producer.TryGetValue(input, out var p))
                {
                    pending[i]++;
                    (readers.TryGetValue(p, out var list) ? list : readers[p] = []).Add(i);
                }
        var ready = new SortedSet<int>(Enumerable.Range(0, _nodes.Count).Where(i => pending[i] == 0));
        var order = new List<GraphNode>(_nodes.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min;
            ready.Remove(next);
            order.Add(_nodes[next]);
            foreach (var r in readers.GetValueOrDefault(next, []))
                if (--pending[r] == 0) ready.Add(r);
        }
        if (order.Count < _nodes.Count)
        {
            var stuck = Enumerable.Range(0, _nodes.Count).Where(i => pending[i] > 0).Select(i => _nodes[i].Name).Take(5);
            throw new ModelLoadException(_file, string.Join(", ", stuck), "the graph has a cycle through these nodes");
        }
        return order;
    }
}
