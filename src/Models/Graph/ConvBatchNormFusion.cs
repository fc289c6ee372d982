using CircuitSpec.Models.Operators;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Graph;

/// <summary>
/// Convolutions whose only reader is an inference batch normalization, folded into one convolution: W′ = W·s and
/// b′ = (b − μ)·s + β per output channel, s = γ / √(σ² + ε). The graph takes the folded convolution in a pass that
/// asks nothing of the convolution's own output (no capture, change, fan-out, stop or hook there) and is not
/// linearized; every other pass runs both nodes as written. The folded weights are remade when one of their sources was
/// written in place since they were made (libtorch's version counters say so), so a weight edit between passes is seen.
/// </summary>
internal sealed class ConvBatchNormFusion : IDisposable
{
    private readonly Dictionary<int, (int Norm, string[] Parameters, string? Bias)> _pairs = [];
    private readonly Dictionary<int, (Tensor Weight, Tensor Bias, Stamp[]? Sources)> _folded = [];
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

    /// <summary>
    /// The folded weight and bias of convolution <paramref name="conv"/>, from the current initializers: made on first use
    /// and again whenever a source tensor was replaced or written in place since.
    /// </summary>
    public (Tensor Weight, Tensor Bias) Folded(int conv, IReadOnlyList<GraphNode> nodes, IReadOnlyDictionary<string, Tensor> initializers)
    {
        lock (_lock)
        {
            var (norm, p, bias) = _pairs[conv];
            var sources = new[] { nodes[conv].Inputs[1], bias, p[0], p[1], p[2], p[3] }.Select(s => s is null ? null : initializers[s]).ToArray();
            var stamps = Stamp.Of(sources);
            if (_folded.TryGetValue(conv, out var done))
            {
                if (stamps is not null && done.Sources is not null && stamps.SequenceEqual(done.Sources)) return (done.Weight, done.Bias);
                done.Weight.Dispose();
                done.Bias.Dispose();
            }
            var normalization = (BatchNormOperator)nodes[norm].Operator;
            // Ordinary tensors, also when first asked for inside inference mode: a pass with gradients saves them for backward.
            using var normal = inference_mode(false);
            using var scope = NewDisposeScope();
            var weight = sources[0]!;
            var (gamma, beta, mean, variance) = (sources[2]!, sources[3]!, sources[4]!, sources[5]!);
            var scale = normalization.Scale(gamma.to(float64), variance.to(float64));
            var shift = sources[1] is { } b ? b.to(float64) : zeros_like(mean, dtype: float64);
            var folded = ((weight.to(float64) * scale.reshape([-1, .. Enumerable.Repeat(1L, (int)weight.dim() - 1)])).to(weight.dtype),
                ((shift - mean.to(float64)) * scale).Plus(beta.to(float64)).to(weight.dtype));
            folded = (folded.Item1.DetachFromDisposeScope(), folded.Item2.DetachFromDisposeScope());
            _folded[conv] = (folded.Item1, folded.Item2, stamps);
            return folded;
        }
    }

    /// <summary>Which tensor a source was and how often it had been written in place; null where libtorch cannot say.</summary>
    private readonly record struct Stamp(nint Handle, long Version)
    {
        public static Stamp[]? Of(Tensor?[] sources)
        {
            var stamps = new Stamp[sources.Length];
            for (var i = 0; i < sources.Length; i++)
            {
                if (sources[i] is not { } source) continue;
                if (TensorVersion.Of(source) is not { } version) return null;
                stamps[i] = new Stamp(source.Handle, version);
            }
            return stamps;
        }
    }

    /// <summary>Forgets the folded weights (after the initializers moved to another device).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            foreach (var (weight, bias, _) in _folded.Values)
            {
                weight.Dispose();
                bias.Dispose();
            }
            _folded.Clear();
        }
    }

    public void Dispose() => Reset();
}
