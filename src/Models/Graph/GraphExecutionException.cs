using CircuitSpec.Errors;

namespace CircuitSpec.Models.Graph;

/// <summary>A node failed while the model ran (e.g. an input of the wrong shape); names the model and the node.</summary>
public sealed class GraphExecutionException : CircuitSpecException
{
    public GraphExecutionException(string model, GraphNode node, string problem, Exception? inner = null)
        : base($"Model '{model}', node {node.OpType} '{node.Name}': {problem}", inner)
    {
        NodeName = node.Name;
        OpType = node.OpType;
    }

    public string NodeName { get; }
    public string OpType { get; }
}
