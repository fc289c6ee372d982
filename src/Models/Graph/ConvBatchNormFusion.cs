using CircuitSpec.Models.Operators;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Graph;

/// <summary>
/// Convolutions whose only reader is an inference batch normalization, folded into one convolution: W′ = W·s and
/// b′ = (b − μ)·s + β per output channel, s = γ / √(σ² + ε). The graph takes the folded convolution in a pass that
/// asks nothing of the convolution's own output (no capture, change, fan-out, stop or hook there) and is not
/// linearized; every other pass runs both nodes as written.
/// </summary>
internal sealed class ConvBatchNormFusion : IDisposable
{
    private readonly Dictionary<int, (int Norm, string[] Parameters, string? Bias)> _pairs = [];
    private readonly Dictionary<int, (Tensor Weight, Tensor Bias)> _folded = [];
    private readonly Lock _lock = new();

    public ConvBatchNormFusion(IReadOnlyList<GraphNode> nodes, IReadOnlyDictionary<string, Tensor> initializers, IReadOnlyCollection<string> outputs)
    {
        var readers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in nodes)
        foreach (var input in node.Inputs.Where(i => i.Length > 0))
            readers[input] = readers.GetValueOrDefault(input) + 1;
        for (var n = 0; n + 1 < nodes.Count; n++)
        {
            var conv = nodes[n];
            if (conv.Operator is not ConvOperator || conv.Outputs.Count != 1 || conv.Inputs.Count < 2 || !initializers.ContainsKey(conv.Inputs[1])) continue;
            var bias = conv.Inputs.Count > 2 && conv.Inputs[2].Length > 0 ? conv.Inputs[2] : null;
            if (bias is not null && !initializers.ContainsKey(bias)) continue;
            var value = conv.Outputs[0];
            if (readers.GetValueOrDefault(value) != 1 || outputs.Contains(value)) continue;
            var norm = Enumerable.Range(n + 1, nodes.Count - n - 1).FirstOrDefault(j => nodes[j].Inputs.Contains(value), -1);
            if (norm < 0 || nodes[norm].Operator is not BatchNormOperator { PerChannel: true } || nodes[norm].Inputs[0] != value) continue;
            var parameters = nodes[norm].Inputs.Skip(1).Take(4).ToArray();
            var channels = initializers[conv.Inputs[1]].shape[0];
            if (parameters.Length != 4 || !parameters.All(p => initializers.TryGetValue(p, out var t) && t.dim() == 1 && t.shape[0] == channels)) continue;
            _pairs[n] = (norm, parameters, bias);
        }
    }

    /// <summary>The batch normalization node folded into convolution <paramref name="conv"/>, if it has one.</summary>
    public int? NormAfter(int conv) => _pairs.TryGetValue(conv, out var pair) ? pair.Norm : null;

    public int Count => _pairs.Count;

    /// <summary>The folded weight and bias of convolution <paramref name="conv"/>, made on first use from the current initializers.</summary>
    public (Tensor Weight, Tensor Bias) Folded(int conv, IReadOnlyList<GraphNode> nodes, IReadOnlyDictionary<string, Tensor> initializers)
    {
        lock (_lock)
        {
            if (_folded.TryGetValue(conv, out var done)) return done;
            var (norm, p, bias) = _pairs[conv];
            var normalization = (BatchNormOperator)nodes[norm].Operator;
            // Ordinary tensors, also when first asked for inside inference mode: a pass with gradients saves them for backward.
            using var normal = inference_mode(false);
            using var scope = NewDisposeScope();
            var weight = initializers[nodes[conv].Inputs[1]];
            var (gamma, beta, mean, variance) = (initializers[p[0]], initializers[p[1]], initializers[p[2]], initializers[p[3]]);
            var scale = normalization.Scale(gamma.to(float64), variance.to(float64));
            var shift = bias is null ? zeros_like(mean, dtype: float64) : initializers[bias].to(float64);
            var folded = ((weight.to(float64) * scale.reshape([-1, .. Enumerable.Repeat(1L, (int)weight.dim() - 1)])).to(weight.dtype),
                ((shift - mean.to(float64)) * scale).Plus(beta.to(float64)).to(weight.dtype));
            folded = (folded.Item1.DetachFromDisposeScope(), folded.Item2.DetachFromDisposeScope());
            _folded[conv] = folded;
            return folded;
        }
    }

    /// <summary>Forgets the folded weights (after the initializers moved to another device).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            foreach (var (weight, bias) in _folded.Values)
            {
                weight.Dispose();
                bias.Dispose();
            }
            _folded.Clear();
        }
    }

    public void Dispose() => Reset();
}
