using CircuitSpec.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CircuitSpec.Models.Operators;

/// <summary>
/// ONNX BatchNormalization in inference mode. Old exports (CNTK, opset &lt; 9) may set <c>spatial = 0</c>: statistics
/// are then per activation (shaped like one example) rather than per channel.
/// </summary>
internal sealed class BatchNormOperator : GraphOperator
{
    private readonly double _epsilon;
    private readonly bool _spatial;

    public BatchNormOperator(OperatorContext context, NodeAttributes attributes) : base(context)
    {
        _epsilon = attributes.Float("epsilon", 1e-5f);
        _spatial = context.Opset >= 9 || attributes.Int("spatial", 1) != 0;
        attributes.Ignore("momentum", "is_test", "consumed_inputs", "spatial");
        if (context.OutputCount > 1 || attributes.Int("training_mode", 0) != 0)
            throw context.Unsupported("training mode (statistics of the batch, running statistics as outputs)");
    }

    public double Epsilon => _epsilon;

    /// <summary>γ / √(σ² + ε): the factor the normalization multiplies each channel by (in the parameters' precision).</summary>
    public Tensor Scale(Tensor gamma, Tensor variance) => gamma / variance.Plus(_epsilon).sqrt();

    /// <summary>Per-channel statistics (1-D parameters over channels), which fold into a preceding convolution.</summary>
    public bool PerChannel => _spatial;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var scale = Input(inputs, 1);
        var bias = Input(inputs, 2);
        var mean = Input(inputs, 3);
        var variance = Input(inputs, 4);
        if (_spatial && scale.dim() == 1)
            return [F.batch_norm(x, mean, variance, scale, bias, training: false, eps: _epsilon)];
        // Per-activation (or non-1-D) parameters: broadcast them against one example.
        var shape = new long[x.dim()];
        shape[0] = 1;
        for (var i = 1; i < shape.Length; i++) shape[i] = -1;
        Tensor Fit(Tensor p) => p.numel() == x.shape[1] ? p.reshape([1, x.shape[1], .. Enumerable.Repeat(1L, (int)x.dim() - 2)]) : p.reshape(x.shape[1..]).unsqueeze(0);
        return [((x - Fit(mean)) / Fit(variance).Plus(_epsilon).sqrt() * Fit(scale)).Plus(Fit(bias))];
    }
}

/// <summary>ONNX InstanceNormalization: per example and channel over the spatial dimensions.</summary>
internal sealed class InstanceNormOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly double _epsilon = attributes.Float("epsilon", 1e-5f);

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var dims = Enumerable.Range(2, (int)x.dim() - 2).Select(d => (long)d).ToArray();
        var channelShape = new long[] { 1, x.shape[1] }.Concat(Enumerable.Repeat(1L, dims.Length)).ToArray();
        var mean = x.mean(dims, keepdim: true);
        var variance = (x - mean).Squared().mean(dims, keepdim: true);
        return [((x - mean) / variance.Plus(_epsilon).sqrt() * Input(inputs, 1).reshape(channelShape)).Plus(Input(inputs, 2).reshape(channelShape))];
    }
}

/// <summary>ONNX LRN: across-channel local response normalization (as in AlexNet and GoogLeNet).</summary>
internal sealed class LrnOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _size = attributes.Int("size");
    private readonly double _alpha = attributes.Float("alpha", 1e-4f);
    private readonly double _beta = attributes.Float("beta", 0.75f);
    private readonly double _bias = attributes.Float("bias", 1f);

    // ONNX's window: ⌊(size − 1) / 2⌋ channels before each channel and ⌈(size − 1) / 2⌉ after it.
    private long Before => (_size - 1) / 2;

    private long After => _size - 1 - Before;

    /// <summary>
    /// y = x / (bias + alpha / size · Σ x²)^beta, the sum over the channel window: the squares, scaled, added to themselves
    /// shifted by each offset of the window, then raised to −beta and multiplied by x, all in one buffer that becomes the
    /// output. libtorch's own local_response_norm (the squares padded, then pooled in 3-D) took 120–450 ms for
    /// InceptionV1's second LRN at 32 images; four fresh 77 MB tensors (squares, sum, power, quotient) took 200 ms; this
    /// writes two.
    /// </summary>
    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var channels = x.shape[1];
        var scale = _alpha / _size;
        using var squares = x.Squared().TimesInPlace(scale);
        var y = squares.clone();
        for (var offset = -Before; offset <= After; offset++)
        {
            var overlap = channels - Math.Abs(offset);
            if (offset == 0 || overlap <= 0) continue;
            // Channel c takes the square of channel c + offset, where there is one.
            var (into, from) = offset > 0 ? (0L, offset) : (-offset, 0L);
            y.narrow(1, into, overlap).add_(squares.narrow(1, from, overlap), HeldScalars.One);
        }
        return [y.PlusInPlace(_bias).PowerInPlace(-_beta).mul_(x)];
    }
}

/// <summary>
/// ONNX LayerNormalization: each example normalized over the axes from <c>axis</c> on, then scaled and shifted; the
/// optional outputs are the mean and the inverse standard deviation (with the normalized axes kept as size 1).
/// </summary>
internal sealed class LayerNormOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", -1);
    private readonly double _epsilon = attributes.Float("epsilon", 1e-5f);
    private readonly long _stashType = attributes.Int("stash_type", 1);

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var axis = Normalize(_axis, x.dim());
        var axes = Enumerable.Range((int)axis, (int)(x.dim() - axis)).Select(a => (long)a).ToArray();
        var computed = _stashType == 1 ? x.to(ScalarType.Float32) : x;
        var mean = computed.mean(axes, keepdim: true);
        var centred = computed - mean;
        var inverse = centred.Squared().mean(axes, keepdim: true).Plus(_epsilon).rsqrt();
        var y = (centred * inverse).to(x.dtype) * Input(inputs, 1);
        if (Optional(inputs, 2) is { } bias) y = y.Plus(bias);
        return [y, mean, inverse];
    }
}
