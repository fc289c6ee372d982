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
            Changes = intervened.Select(p => new PointChange(p, a => Intervene(p, a, segments))).ToList(),
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
        var pieces = segments.Select(s => ApplyAll(s.Changes.Where(c => c.Point == point), activation.narrow(0, s.Start, s.Count)));
        return cat(pieces.ToArray(), 0);
    }
}
