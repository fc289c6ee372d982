using CircuitSpec.Errors;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Interventions;

/// <summary>
/// A change made to one layer's activation during a forward pass: zero, mean or resampling ablation, clamping,
/// scaling, projecting out a direction, or patching in another run's values — on a unit, a family of units of one
/// layer, or a direction, everywhere or at given positions. Create one with the verbs in <see cref="Ablations"/>
/// (<c>unit.Zeroed()</c>, <c>family.MeanAblated(over: images)</c>, …); pass several to one run to compose them
/// (they apply in order). Interventions that hold reference values own tensors: dispose them.
/// </summary>
public sealed class Intervention : IActivationChange, IChannelChange, IDisposable
{
    private readonly Selection _selection;
    private readonly Replacement _replacement;
    private readonly (int X, int Y)[] _positions;

    internal Intervention(string point, string label, Selection selection, Replacement replacement, (int X, int Y)[]? positions = null)
    {
        Point = point;
        Label = label;
        _selection = selection;
        _replacement = replacement;
        _positions = positions ?? [];
    }

    /// <summary>The canonical name of the layer it changes.</summary>
    public string Point { get; }

    /// <summary>What it does, as shown in effect tables: "zero mixed3b:379".</summary>
    public string Label { get; }

    /// <summary>The positions it is limited to; empty means everywhere.</summary>
    public IReadOnlyList<(int X, int Y)> Positions => _positions;

    /// <summary>The same intervention limited to the given (x, y) positions of the layer.</summary>
    public Intervention At(params (int X, int Y)[] positions) =>
        new(Point, $"{Label} at {string.Join(" ", positions.Select(p => $"({p.X},{p.Y})"))}", _selection, _replacement, positions);

    /// <summary>Applies it to an activation [N, C, …] and returns the changed activation.</summary>
    public Tensor Apply(Tensor activation)
    {
        var (old, changed) = Changed(activation);
        return _selection.Insert(activation, old, changed);
    }

    IReadOnlyList<long>? IChannelChange.Channels => _selection.Channels;

    void IChannelChange.ApplyInPlace(Tensor activation)
    {
        var (old, changed) = Changed(activation);
        _selection.InsertInPlace(activation, old, changed);
    }

    private (Tensor Old, Tensor Changed) Changed(Tensor activation)
    {
        var old = _selection.Extract(activation);
        var changed = _replacement.Replace(old);
        return (old, _positions.Length > 0 ? where(PositionMask(activation), changed, old) : changed);
    }

    private Tensor PositionMask(Tensor activation)
    {
        if (activation.dim() != 4)
            throw new CircuitSpecException($"'{Label}' names positions, but layer '{Point}' has no spatial dimensions (shape [{string.Join(", ", activation.shape)}]).");
        var (h, w) = (activation.shape[2], activation.shape[3]);
        var mask = new bool[h * w];
        foreach (var (x, y) in _positions)
        {
            if (x < 0 || x >= w || y < 0 || y >= h)
                throw new CircuitSpecException($"'{Label}': position (x={x}, y={y}) is outside the {w}×{h} map of '{Point}'.");
            mask[y * w + x] = true;
        }
        return tensor(mask, device: activation.device).reshape(1, 1, h, w);
    }

    public void Dispose() => _replacement.Dispose();

    public override string ToString() => Label;
}
