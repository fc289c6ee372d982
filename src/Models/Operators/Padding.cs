using CircuitSpec.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>ONNX Pad: pads from an attribute (opset &lt; 11) or an input; constant, reflect or edge mode.</summary>
internal sealed class PadOperator : GraphOperator
{
    private readonly long[]? _pads;
    private readonly float _value;
    private readonly PaddingModes _mode;

    public PadOperator(OperatorContext context, NodeAttributes attributes) : base(context)
    {
        _pads = attributes.Ints(context.Opset < 2 ? "paddings" : "pads");
        _value = attributes.Float("value", 0f);
        _mode = attributes.String("mode", "constant") switch
        {
            "constant" => PaddingModes.Constant,
            "reflect" => PaddingModes.Reflect,
            "edge" => PaddingModes.Replicate,
            "wrap" => PaddingModes.Circular,
            var other => throw context.Unsupported($"pad mode '{other}'"),
        };
    }

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var pads = _pads ?? Longs(Input(inputs, 1));
        var value = _pads is null && Optional(inputs, 2) is { } v ? v.AsDouble() : _value;
        var rank = (int)x.dim();
        if (_pads is null && Optional(inputs, 3) is { } axesInput) pads = OnAxes(pads, Longs(axesInput), rank);
        if (pads.Length != 2 * rank) throw Context.Error($"pads has {pads.Length} entries for a rank-{rank} input");
        // Torch pads only trailing dimensions and expects them last-first; leading all-zero pairs are dropped.
        var first = 0;
        while (first < rank && pads[first] == 0 && pads[first + rank] == 0) first++;
        if (first == rank) return [x.alias()];
        var begin = pads[first..rank];
        var end = pads[(rank + first)..];
        if (_mode != PaddingModes.Constant && first < rank - 3)
            throw Context.Unsupported($"{_mode} padding of more than the last three dimensions");
        if (begin.Any(p => p < 0) || end.Any(p => p < 0))
            throw Context.Unsupported("negative pads (cropping)");
        var torchPads = SpatialWindow.TorchPads(begin, end);
        if (_mode == PaddingModes.Constant) return [nn.functional.pad(x, torchPads, _mode, value)];
        // Reflect/replicate need a batch and channel dimension in front of the padded ones.
        var lead = x.shape[..first];
        var padded = nn.functional.pad(x.reshape([1, -1, .. x.shape[first..]]), torchPads, _mode);
        return [padded.reshape([.. lead, .. padded.shape[2..]])];
    }

    // Pads given for some axes only (opset 18): begins then ends in the axes' order; the other axes get none.
    private long[] OnAxes(long[] pads, long[] axes, int rank)
    {
        if (pads.Length != 2 * axes.Length) throw Context.Error($"pads has {pads.Length} entries for {axes.Length} axes");
        var full = new long[2 * rank];
        for (var i = 0; i < axes.Length; i++)
        {
            var axis = Normalize(axes[i], rank);
            full[axis] = pads[i];
            full[axis + rank] = pads[i + axes.Length];
        }
        return full;
    }
}
