using CircuitSpec.Errors;
using CircuitSpec.Features;

namespace CircuitSpec.Circuits;

/// <summary>One edge of a circuit: a source feature (a unit or a direction) feeding a target feature.</summary>
public readonly record struct EdgeRef(Feature Source, Feature Target)
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

    public sealed record TargetNode(Feature Feature, string SourcePoint, IReadOnlyList<Feature> Sources)
    {
        public string Key => CircuitEdges.Key(Feature);
    }

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
            nodes.Add(new TargetNode(target, points[0], group.Select(e => e.Source).DistinctBy(Key).ToList()));
        }
        Targets = Order(nodes, circuitName);
        var sinks = Targets.Where(t => !Targets.Any(o => o.Sources.Any(s => Reads(s, t.Feature)))).ToList();
        Readout = readout ?? (sinks.Count == 1 ? sinks[0].Feature
            : throw new CircuitSpecException($"Circuit '{circuitName}' ends in {sinks.Count} targets ({string.Join(", ", sinks.Select(s => s.Feature.Label))}); " +
                                             "name the readout whose response it should explain."));
    }

    /// <summary>A node's identity in a circuit, whatever position it is read at: its point and channel, or its point and direction.</summary>
    public static string Key(Feature feature) => feature switch
    {
        Unit unit => $"{unit.Point}#{unit.Channel}",
        Direction direction => $"{direction.Point}@{direction.Name}",
        _ => throw new CircuitSpecException($"{feature.Label} cannot be a circuit node: it is neither a unit nor a direction."),
    };

    /// <summary>Whether a source carries some of a target's value: the same point and overlapping channels or directions.</summary>
    public static bool Reads(Feature source, Feature target) => source.Point == target.Point && (source, target) switch
    {
        (Unit s, Unit t) => s.Channel == t.Channel,
        (Unit s, Direction t) => t.UnitVector[(int)s.Channel] != 0,
        (Direction s, Unit t) => s.UnitVector[(int)t.Channel] != 0,
        (Direction s, Direction t) => s.UnitVector.Zip(t.UnitVector).Any(p => p.First * p.Second != 0),
        _ => false,
    };

    // A target comes after every target it reads.
    private static List<TargetNode> Order(List<TargetNode> nodes, string circuitName)
    {
        var ordered = new List<TargetNode>();
        var remaining = new List<TargetNode>(nodes);
        while (remaining.Count > 0)
        {
            var ready = remaining.Where(n => !remaining.Any(o => o != n && n.Sources.Any(s => Reads(s, o.Feature)))).ToList();
            if (ready.Count == 0)
                throw new CircuitSpecException($"Circuit '{circuitName}' has a cycle among {string.Join(", ", remaining.Select(r => r.Feature.Label))}.");
            ordered.AddRange(ready);
            remaining.RemoveAll(ready.Contains);
        }
        return ordered;
    }
}
