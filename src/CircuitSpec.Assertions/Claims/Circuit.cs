using CircuitSpec.Features;

namespace CircuitSpec.Claims;

/// <summary>One expected connection of a circuit between two features (units or directions): its sign (+1 excites, −1 inhibits) and the least net weight it needs.</summary>
public sealed record CircuitEdge(Feature Source, Feature Target, int Sign, double MinWeight)
{
    public override string ToString() => $"{Source.Label} {(Sign > 0 ? "excites" : "inhibits")} {Target.Label}";
}

/// <summary>
/// A circuit hypothesis: named features joined by signed weights, e.g. "the circle detector is excited by curve
/// detectors around it". <c>circuit.Should().Hold()</c> checks every edge (direct kernels where the layers are
/// adjacent, expanded weights otherwise) and reports each one that does not hold.
/// </summary>
public sealed class Circuit(string name)
{
    private readonly List<CircuitEdge> _edges = [];

    public string Name { get; } = name;
    public IReadOnlyList<CircuitEdge> Edges => _edges;

    /// <summary>The model the circuit's units belong to (null while it has no edges).</summary>
    public Networks.Network? Model => _edges.Count == 0 ? null : _edges[0].Source.Model;

    public Circuit Excites(Feature source, Feature target, double minWeight = 0) => Add(new CircuitEdge(source, target, +1, minWeight));

    public Circuit Inhibits(Feature source, Feature target, double minWeight = 0) => Add(new CircuitEdge(source, target, -1, minWeight));

    private Circuit Add(CircuitEdge edge)
    {
        var claim = $"{edge} in circuit '{Name}'";
        ClaimGuard.Number(claim, "minWeight", edge.MinWeight);
        ClaimGuard.Possible(claim, edge.MinWeight < 0,
            $"a negative minWeight ({ClaimGuard.F(edge.MinWeight)}) would let a weight of the opposite sign count; use 0 or more");
        ClaimGuard.Possible(claim, double.IsPositiveInfinity(edge.MinWeight), "no finite weight exceeds ∞");
        ClaimGuard.Possible(claim, edge.Source.Model != edge.Target.Model || (Model is { } model && edge.Source.Model != model),
            "every unit of a circuit must belong to one model");
        _edges.Add(edge);
        return this;
    }

    public override string ToString() => $"circuit '{Name}' ({_edges.Count} edges)";
}
