using CircuitSpec.Interventions;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Activations;

/// <summary>Rows [Start, Start + Count) of a batch and the interventions applied to them.</summary>
internal sealed record Segment(long Start, long Count, IReadOnlyList<Intervention> Interventions);

/// <summary>
/// One forward pass with interventions applied per batch segment and the requested points captured. It stops as soon
/// as the last requested point is captured (unless the output is wanted), so probing an early layer costs only the
/// layers before it.
/// </summary>
internal static class ProbeRunner
{
    public static (Dictionary<string, Tensor> Captured, Tensor? Output) Run(
        Network model, Tensor images, IEnumerable<string> capture, IReadOnlyList<Segment> segments, bool wantOutput, bool gradients = false)
    {
        var wanted = capture.Select(model.Resolve).ToHashSet(StringComparer.Ordinal);
        var captured = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var intervened = segments.SelectMany(s => s.Interventions).Select(i => i.Point).ToHashSet(StringComparer.Ordinal);

        Tensor? OnPoint(string point, Tensor activation)
        {
            Tensor? changed = null;
            if (intervened.Contains(point)) changed = Intervene(point, activation, segments);
            if (wanted.Contains(point))
            {
                captured[point] = (changed ?? activation).detach();
                if (!wantOutput && captured.Count == wanted.Count) throw new StopForward();
            }
            return changed;
        }

        using var scope = NewDisposeScope();
        using var mode = gradients ? enable_grad() : inference_mode();
        Tensor? output;
        using (new HookScope(model, wanted.Union(intervened).Select(p => (p, (Func<Tensor, Tensor?>)(a => OnPoint(p, a))))))
            output = StopForward.Call(model, images.to(model.Device));
        var missing = wanted.Except(captured.Keys).ToList();
        if (missing.Count > 0)
            throw new Errors.CircuitSpecException($"Model '{model.ModelName}' did not compute {string.Join(", ", missing)} in this forward pass.");
        foreach (var t in captured.Values) t.MoveToOuterDisposeScope();
        return (captured, output?.detach().MoveToOuterDisposeScope());
    }

    private static Tensor Intervene(string point, Tensor activation, IReadOnlyList<Segment> segments)
    {
        static Tensor ApplyAll(IEnumerable<Intervention> interventions, Tensor a) =>
            interventions.Aggregate(a, (current, i) => i.Apply(current));

        if (segments.Count == 1 && segments[0].Start == 0 && segments[0].Count == activation.shape[0])
            return ApplyAll(segments[0].Interventions.Where(i => i.Point == point), activation);
        var pieces = segments.Select(s => ApplyAll(s.Interventions.Where(i => i.Point == point), activation.narrow(0, s.Start, s.Count)));
        return cat(pieces.ToArray(), 0);
    }
}
