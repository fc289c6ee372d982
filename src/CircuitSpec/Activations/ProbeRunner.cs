using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Activations;

/// <summary>Rows [Start, Start + Count) of a batch and the changes (interventions) applied to them.</summary>
internal sealed record Segment(long Start, long Count, IReadOnlyList<IActivationChange> Changes);

/// <summary>
/// One forward pass with interventions applied per batch segment and the requested points captured. It stops as soon
/// as the last requested point is captured (unless the output is wanted), so probing an early layer costs only the
/// layers before it.
/// </summary>
internal static class ProbeRunner
{
    public static (Dictionary<string, Tensor> Captured, Tensor? Output) Run(
        Network model, Tensor images, IEnumerable<string> capture, IReadOnlyList<Segment> segments, bool wantOutput,
        bool gradients = false, FanOut? fanOut = null, ChannelReadout? onlyChannel = null)
    {
        var intervened = segments.SelectMany(s => s.Changes).Select(c => c.Point).ToHashSet(StringComparer.Ordinal);
        var plan = new ForwardPlan
        {
            Captures = capture.ToList(),
            Changes = intervened.Select(p => new PointChange(p, a => Intervene(p, a, segments)) { ChannelPerRow = ChannelPerRow(p, segments) }).ToList(),
            WantsOutput = wantOutput,
            Gradients = gradients,
            FanOut = fanOut,
            OnlyChannel = onlyChannel,
        };
        using var scope = NewDisposeScope();
        var result = model.Execute(images.to(model.Device), plan);
        var captured = result.Captured.ToDictionary(c => c.Key, c => c.Value.detach().MoveToOuterDisposeScope(), StringComparer.Ordinal);
        return (captured, result.Output?.detach().MoveToOuterDisposeScope());
    }

    private static Tensor Intervene(string point, Tensor activation, IReadOnlyList<Segment> segments)
    {
        static Tensor ApplyAll(IEnumerable<IActivationChange> changes, Tensor a) =>
            changes.Aggregate(a, (current, c) => c.Apply(current));

        if (segments.Count == 1 && segments[0].Start == 0 && segments[0].Count == activation.shape[0])
            return ApplyAll(segments[0].Changes.Where(c => c.Point == point), activation);
        if (!is_grad_enabled() && segments.All(s => s.Changes.All(c => c.Point != point || c is IChannelChange)))
        {
            // One copy of the batch, changed where each segment's interventions act: a 65-variant sweep of ResNet-18's layer3.0
            // wrote 52 MB twice as changed pieces joined.
            var changed = activation.clone();
            foreach (var segment in segments)
            {
                var rows = changed.narrow(0, segment.Start, segment.Count);
                foreach (var change in segment.Changes.Where(c => c.Point == point)) ((IChannelChange)change).ApplyInPlace(rows);
            }
            return changed;
        }
        var pieces = segments.Select(s => ApplyAll(s.Changes.Where(c => c.Point == point), activation.narrow(0, s.Start, s.Count)));
        return cat(pieces.ToArray(), 0);
    }

    // Each row's one changed channel, where every segment's interventions at the point change one channel at most (0 for
    // a row nothing changes); null where some change another way or more channels.
    private static long[]? ChannelPerRow(string point, IReadOnlyList<Segment> segments)
    {
        var rows = new long[segments.Count == 0 ? 0 : segments.Max(s => s.Start + s.Count)];
        foreach (var segment in segments)
        {
            var channels = new HashSet<long>();
            foreach (var change in segment.Changes.Where(c => c.Point == point))
                if (change is IChannelChange { Channels: { } own }) channels.UnionWith(own);
                else return null;
            if (channels.Count > 1) return null;
            if (channels.Count == 1) Array.Fill(rows, channels.Single(), (int)segment.Start, (int)segment.Count);
        }
        return rows;
    }
}
