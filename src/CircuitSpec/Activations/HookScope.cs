using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Activations;

/// <summary>
/// Forward hooks on named points that live exactly as long as a <c>using</c> block: disposing the scope removes them,
/// also when the block throws. A hook receives the activation and returns a replacement, or null to keep it.
/// </summary>
public sealed class HookScope : IDisposable
{
    private readonly List<Action> _removers = [];

    internal HookScope(Network model, IEnumerable<(string Point, Func<Tensor, Tensor?> Hook)> hooks)
    {
        // Resolve every name first, so an unknown one registers nothing.
        var resolved = hooks.Select(h => (Point: model.Point(h.Point), h.Hook)).ToList();
        foreach (var (point, hook) in resolved)
        {
            var remover = point.register_forward_hook((_, _, output) => hook(output)!);
            model.HookAdded(point.PointName);
            _removers.Add(() =>
            {
                remover.remove();
                model.HookRemoved(point.PointName);
            });
        }
    }

    public void Dispose()
    {
        foreach (var remove in _removers) remove();
        _removers.Clear();
    }
}
