using CircuitSpec.Errors;
using CircuitSpec.Features;

namespace CircuitSpec.Circuits;

/// <summary>One edge of a circuit: a source unit feeding a target unit.</summary>
public readonly record struct EdgeRef(Unit Source, Unit Target)
{
    public override string ToString() => $"{Source.Label} → {Target.Label}";
}

/// <summary>
/// A circuit's edges arranged for running: every target with the one point its sources are read from, targets ordered so
/// that a target feeding another comes first, and the readout (the one target no other target reads, unless named).
/// </summary>
internal sealed class CircuitEdges
{
    public IReadOnlyList<TargetNode> Targets { get; }
    public IReadOnlyList<EdgeRef> Edges { get; }
    public Feature Readout { get; }

    public sealed record TargetNode(Unit Unit, string SourcePoint, IReadOnlySet<long> Sources);

    public CircuitEdges(IReadOnlyList<EdgeRef> edges, Feature? readout, string circuitName)
    {
        if (edges.Count == 0) throw new CircuitSpecException($"Circuit '{circuitName}' has no edges.");
        Edges = edges;
        var nodes = new List<TargetNode>();
        foreach (var group in edges.GroupBy(e => Key(e.Target)))
        {
            var target = group.First().Target;
            var points = group.Select(e => e.Source.Point).Distinct().ToList();
            if (points.Count > 1)
                throw new CircuitSpecException($"Circuit '{circuitName}': the edges into {target.Label} come from several points ({string.Join(", ", points)}); " +
                                               "faithfulness replaces one source point per target, so give each target its sources from one layer.");
            var order = target.Model.PointNames.ToList();
            if (order.IndexOf(points[0]) >= order.IndexOf(target.Point))
                throw new CircuitSpecException($"Circuit '{circuitName}': {target.Label} is fed from '{points[0]}', which is not before it; " +
                                               "an edge joins a layer to a later one.");
            nodes.Add(new TargetNode(target, points[0], group.Select(e => e.Source.Channel).ToHashSet()));
        }
        Targets = Order(nodes, circuitName);
        var sinks = Targets.Where(t => !Targets.Any(o => o.SourcePoint == t.Unit.Point && o.Sources.Contains(t.Unit.Channel))).ToList();
        Readout = readout ?? (sinks.Count == 1 ? sinks[0].Unit
            : throw new CircuitSpecException($"Circuit '{circuitName}' ends in {sinks.Count} targets ({string.Join(", ", sinks.Select(s => s.Unit.Label))}); " +
                                             "name the readout whose response it should explain."));
    }

    public static (string Point, long Channel) Key(Unit unit) => (unit.Point, unit.Channel);

    // A target comes after every target it reads (a source at its source point that is itself a target).
    private static List<TargetNode> Order(List<TargetNode> nodes, string circuitName)
    {
        var ordered = new List<TargetNode>();
        var remaining = new List<TargetNode>(nodes);
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(n => !remaining.Any(o => o != n && o.Unit.Point == n.SourcePoint && n.Sources.Contains(o.Unit.Channel))).ToList();
            if (ready.Count == 0)
                throw new CircuitSpecException($"Circuit '{circuitName}' has a cycle among {string.Join(", ", remaining.Select(r => r.Unit.Label))}.");
            ordered.AddRange(ready);
            remaining.RemoveAll(ready.Contains);
        }
        return ordered;
    }
}
