using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>ONNX ArgMax / ArgMin along an axis (int64), the first or the last index of ties.</summary>
internal sealed class ArgOperator(OperatorContext context, NodeAttributes attributes, bool max) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", 0);
    private readonly bool _keepDims = attributes.Int("keepdims", 1) != 0;
    private readonly bool _last = attributes.Int("select_last_index", 0) != 0;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var axis = Normalize(_axis, x.dim());
        var length = x.shape[axis];
        var source = _last ? x.flip(axis) : x;
        var index = max ? source.argmax(axis, _keepDims) : source.argmin(axis, _keepDims);
        return [_last ? index.SubtractedFrom(length - 1) : index];
    }
}

/// <summary>ONNX Hardmax: one at the first maximum along the axis, zero elsewhere.</summary>
internal sealed class HardmaxOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", -1);

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var axis = Normalize(_axis, x.dim());
        return [zeros_like(x).scatter(axis, x.argmax(axis, keepdim: true), ones_like(x))];
    }
}

/// <summary>ONNX TopK: the K largest (or smallest) values along an axis and their indices, always sorted.</summary>
internal sealed class TopKOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", -1);
    private readonly bool _largest = attributes.Int("largest", 1) != 0;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var k = Longs(Input(inputs, 1))[0];
        var axis = Normalize(_axis, x.dim());
        if (k < 0 || k > x.shape[axis]) throw Context.Error($"K = {k} is outside [0, {x.shape[axis]}]");
        // Ties go to the lower index (ONNX); a stable sort keeps them in order.
        var (values, indices) = x.sort(axis, descending: _largest, stable: true);
        return [values.narrow(axis, 0, k), indices.narrow(axis, 0, k)];
    }
}

/// <summary>ONNX GatherElements: indices of the same rank pick along one axis.</summary>
internal sealed class GatherElementsOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", 0);

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var axis = Normalize(_axis, x.dim());
        var index = Input(inputs, 1).to(ScalarType.Int64);
        return [x.gather(axis, where(index.LessThan(0), index.Plus(x.shape[axis]), index))];
    }
}

/// <summary>ONNX ScatterElements: updates written (or added) at indices along one axis.</summary>
internal sealed class ScatterElementsOperator : GraphOperator
{
    private readonly long _axis;
    private readonly string _reduction;

    public ScatterElementsOperator(OperatorContext context, NodeAttributes attributes) : base(context)
    {
        _axis = attributes.Int("axis", 0);
        _reduction = attributes.String("reduction", "none");
        if (_reduction is not ("none" or "add")) throw context.Unsupported($"reduction '{_reduction}'");
    }

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var axis = Normalize(_axis, x.dim());
        var index = Input(inputs, 1).to(ScalarType.Int64);
        index = where(index.LessThan(0), index.Plus(x.shape[axis]), index);
        var updates = Input(inputs, 2);
        return [_reduction == "add" ? x.scatter_add(axis, index, updates) : x.scatter(axis, index, updates)];
    }
}

/// <summary>ONNX OneHot: off and on values (from the values input) at each index along a new axis of size depth.</summary>
internal sealed class OneHotOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", -1);

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var indices = Input(inputs, 0).to(ScalarType.Float64).floor().to(ScalarType.Int64);
        var depth = (long)Input(inputs, 1).to(ScalarType.Float64).flatten()[0].item<double>();
        var values = Input(inputs, 2);
        indices = where(indices.LessThan(0), indices.Plus(depth), indices);
        var valid = indices.ge(HeldScalars.Zero) & indices.LessThan(depth);
        var hot = nn.functional.one_hot(where(valid, indices, 0), depth) & valid.unsqueeze(-1).to(ScalarType.Int64);
        var axis = Normalize(_axis, indices.dim() + 1);
        var picked = where(hot.to(ScalarType.Bool), values[1], values[0]);
        return [picked.movedim([-1L], [axis])];
    }
}

/// <summary>ONNX NonZero: the indices of the non-zero elements, one row per dimension.</summary>
internal sealed class NonZeroOperator(OperatorContext context) : GraphOperator(context)
{
    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        return [x.dim() == 0 ? zeros([0, x.ne(HeldScalars.Zero).item<bool>() ? 1 : 0], dtype: ScalarType.Int64) : x.nonzero().t().contiguous()];
    }
}

/// <summary>ONNX Range: start, start + delta, … up to (not including) limit, in the inputs' type.</summary>
internal sealed class RangeOperator(OperatorContext context) : GraphOperator(context)
{
    public override Tensor[] Run(Tensor?[] inputs)
    {
        var (start, limit, delta) = (Input(inputs, 0), Input(inputs, 1), Input(inputs, 2));
        double Value(Tensor t) => t.to(ScalarType.Float64).item<double>();
        var (s, l, d) = (Value(start), Value(limit), Value(delta));
        if (d == 0) throw Context.Error("delta is zero");
        var count = Math.Max((long)Math.Ceiling((l - s) / d), 0);
        GuardSize([count]);
        // start + i·delta in the inputs' type (float ranges accumulate no rounding error this way).
        return [start.Plus(HeldArithmetic.Range(count, start.dtype) * delta).to(start.dtype)];
    }
}

/// <summary>ONNX CumSum along an axis (the axis is an input), optionally exclusive and/or reversed.</summary>
internal sealed class CumSumOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly bool _exclusive = attributes.Int("exclusive", 0) != 0;
    private readonly bool _reverse = attributes.Int("reverse", 0) != 0;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var axis = Normalize(Longs(Input(inputs, 1))[0], x.dim());
        var source = _reverse ? x.flip(axis) : x;
        var sum = source.cumsum(axis, source.dtype);
        if (_exclusive) sum = sum - source;
        return [_reverse ? sum.flip(axis) : sum];
    }
}

/// <summary>ONNX Trilu: the upper (or lower) triangle of the last two dimensions, offset by k diagonals.</summary>
internal sealed class TriluOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly bool _upper = attributes.Int("upper", 1) != 0;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var k = Optional(inputs, 1) is { } kt ? Longs(kt)[0] : 0;
        return [_upper ? x.triu(k) : x.tril(k)];
    }
}

/// <summary>ONNX Einsum: an Einstein summation over the inputs by its equation.</summary>
internal sealed class EinsumOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly string _equation = attributes.String("equation", "").Replace(" ", "");

    public override Tensor[] Run(Tensor?[] inputs) =>
        [einsum(_equation, inputs.Where(i => i is not null).Cast<Tensor>().ToArray())];
}
