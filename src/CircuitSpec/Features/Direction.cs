using CircuitSpec.Errors;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Features;

/// <summary>
/// A direction in a layer's activation space: a vector over its channels (a polysemantic feature, an NMF factor).
/// It reads the projection of the activation onto the vector, normalized to unit length.
/// </summary>
public sealed record Direction : Feature
{
    private readonly float[] _unitVector;

    internal Direction(Network model, string layer, IReadOnlyList<float> vector, string name) : base(model, layer)
    {
        var count = model.ChannelCount(Point);
        if (vector.Count != count)
            throw new CircuitSpecException($"Direction '{name}' has {vector.Count} components, but layer '{layer}' of model '{model.ModelName}' has {count} channels.");
        var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        if (!(norm > 0) || double.IsInfinity(norm))
            throw new CircuitSpecException($"Direction '{name}' in layer '{layer}' must be a finite, non-zero vector (its length is {norm}).");
        Name = name;
        Vector = vector.ToArray();
        _unitVector = vector.Select(v => (float)(v / norm)).ToArray();
    }

    public string Name { get; }

    /// <summary>The vector as given.</summary>
    public IReadOnlyList<float> Vector { get; }

    /// <summary>The vector scaled to unit length.</summary>
    public IReadOnlyList<float> UnitVector => _unitVector;

    public override string Label => $"{Name} ({Layer})";

    /// <summary>The unit vector shaped to broadcast over an activation [N, C, …] (on its device).</summary>
    public Tensor Broadcastable(Tensor activation)
    {
        var shape = new long[activation.dim()];
        Array.Fill(shape, 1L);
        shape[1] = _unitVector.Length;
        return tensor(_unitVector, dtype: activation.dtype, device: activation.device).reshape(shape);
    }

    public override Tensor Map(Tensor activation) => (activation * Broadcastable(activation)).sum(1);
}
