using CircuitSpec.Models.Operators;

namespace CircuitSpec.Models.Graph;

/// <summary>One operation in an executable graph: named inputs (empty string = an omitted optional input) and outputs.</summary>
public sealed record GraphNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, GraphOperator Operator)
{
    public override string ToString() => $"{OpType} '{Name}' ({string.Join(", ", Inputs)}) -> ({string.Join(", ", Outputs)})";
}
