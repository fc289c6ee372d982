using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>ONNX Flatten: to 2-D, splitting the dimensions at <c>axis</c>.</summary>
internal sealed class FlattenOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", 1);

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var axis = Normalize(_axis, x.dim(), allowEnd: true);
        var rows = x.shape[..(int)axis].Aggregate(1L, (p, d) => p * d);
        return [x.reshape(rows, x.numel() == 0 ? 0 : x.numel() / Math.Max(rows, 1))];
    }
}

/// <summary>ONNX Reshape: target from an attribute (opset &lt; 5) or an input; 0 copies a dimension, −1 is inferred.</summary>
internal sealed class ReshapeOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long[]? _shape = attributes.Ints("shape");
    private readonly bool _allowZero = attributes.Int("allowzero", 0) != 0;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var target = (long[])(_shape ?? Longs(Input(inputs, 1))).Clone();
        for (var i = 0; i < target.Length; i++)
            if (target[i] == 0 && !_allowZero) target[i] = x.shape[i];
        GuardSize(target.Select(d => Math.Max(d, 1)).ToArray());
        return [x.reshape(target)];
    }
}

internal sealed class TransposeOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long[]? _perm = attributes.Ints("perm");

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var perm = _perm ?? Enumerable.Range(0, (int)x.dim()).Reverse().Select(i => (long)i).ToArray();
        return [x.permute(perm)];
    }
}

/// <summary>Squeeze / Unsqueeze: axes from an attribute (opset &lt; 13) or an input.</summary>
internal sealed class SqueezeOperator(OperatorContext context, NodeAttributes attributes, bool unsqueeze) : GraphOperator(context)
{
    private readonly long[]? _axes = attributes.Ints("axes");

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var axes = _axes ?? (Optional(inputs, 1) is { } a ? Longs(a) : null);
        if (unsqueeze)
        {
            if (axes is null) throw Context.Error("Unsqueeze needs axes");
            var rank = x.dim() + axes.Length;
            foreach (var axis in axes.Select(a => Normalize(a, rank)).Order()) x = x.unsqueeze(axis);
            return [x];
        }
        if (axes is null) return [x.squeeze()];
        var shape = x.shape.ToList();
        foreach (var axis in axes.Select(a => Normalize(a, x.dim())).OrderDescending())
        {
            if (shape[(int)axis] != 1) throw Context.Error($"cannot squeeze axis {axis} of size {shape[(int)axis]}");
            shape.RemoveAt((int)axis);
        }
        return [x.reshape(shape.ToArray())];
    }
}

internal sealed class ConcatOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", 1);

    /// <summary>The axis as written (negative counts from the end).</summary>
    public long Axis => _axis;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var parts = inputs.Where(i => i is not null).Cast<Tensor>().ToArray();
        return [cat(parts, Normalize(_axis, parts[0].dim()))];
    }
}

/// <summary>ONNX Split: sizes from an attribute (opset &lt; 13), an input, or equal parts.</summary>
internal sealed class SplitOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", 0);
    private readonly long[]? _split = attributes.Ints("split");

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var axis = Normalize(_axis, x.dim());
        var sizes = _split ?? (Optional(inputs, 1) is { } s ? Longs(s) : null);
        if (sizes is null)
        {
            var parts = Context.OutputCount;
            var each = (x.shape[axis] + parts - 1) / parts;
            sizes = Enumerable.Range(0, parts).Select(i => Math.Min(each, x.shape[axis] - i * each)).ToArray();
        }
        if (sizes.Sum() != x.shape[axis])
            throw Context.Error($"split sizes [{string.Join(", ", sizes)}] do not add up to dimension {axis} of size {x.shape[axis]}");
        return x.split(sizes, axis);
    }
}

/// <summary>ONNX Gather: take entries along an axis; indices of any shape, negative ones counted from the end.</summary>
internal sealed class GatherOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", 0);

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var data = Input(inputs, 0);
        var indices = Input(inputs, 1).to(ScalarType.Int64).to(data.device);
        var axis = Normalize(_axis, data.dim());
        var size = data.shape[axis];
        var flat = indices.flatten();
        flat = where(flat.LessThan(0), flat.Plus(size), flat);
        var taken = data.index_select(axis, flat);
        var shape = data.shape[..(int)axis].Concat(indices.shape).Concat(data.shape[(int)(axis + 1)..]).ToArray();
        return [taken.reshape(shape)];
    }
}

internal sealed class ShapeOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long _start = attributes.Int("start", 0);
    private readonly long? _end = attributes.Has("end") ? attributes.Int("end") : null;

    // start and end are clamped to [0, rank] after counting negative ones from the end (opset 15).
    public override Tensor[] Run(Tensor?[] inputs)
    {
        var shape = Input(inputs, 0).shape;
        long Clamp(long i) => Math.Clamp(i < 0 ? i + shape.Length : i, 0, shape.Length);
        var (start, end) = (Clamp(_start), Clamp(_end ?? shape.Length));
        return [tensor(shape[(int)start..(int)Math.Max(start, end)], dtype: ScalarType.Int64)];
    }
}

/// <summary>ONNX Tile: repeat along each axis.</summary>
internal sealed class TileOperator(OperatorContext context) : GraphOperator(context)
{
    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var repeats = Longs(Input(inputs, 1));
        GuardSize(x.shape.Zip(repeats, (d, r) => d * r).ToArray());
        return [x.repeat(repeats)];
    }
}

/// <summary>ONNX Expand: broadcast to a shape (bidirectionally, as NumPy).</summary>
internal sealed class ExpandOperator(OperatorContext context) : GraphOperator(context)
{
    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var shape = Longs(Input(inputs, 1));
        var rank = Math.Max(shape.Length, (int)x.dim());
        var target = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var a = i - (rank - (int)x.dim()) is var ia && ia >= 0 ? x.shape[ia] : 1;
            var b = i - (rank - shape.Length) is var ib && ib >= 0 ? shape[ib] : 1;
            target[i] = a == 1 ? b : a;
        }
        GuardSize(target);
        return [x.expand(target).contiguous()];
    }
}

/// <summary>ONNX Slice: bounds from attributes (opset &lt; 10) or inputs; out-of-range bounds are clamped.</summary>
internal sealed class SliceOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly long[]? _starts = attributes.Ints("starts");
    private readonly long[]? _ends = attributes.Ints("ends");
    private readonly long[]? _axes = attributes.Ints("axes");

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var starts = _starts ?? Longs(Input(inputs, 1));
        var ends = _ends ?? Longs(Input(inputs, 2));
        var axes = _axes ?? (Optional(inputs, 3) is { } a ? Longs(a) : Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray());
        var steps = Optional(inputs, 4) is { } s ? Longs(s) : Enumerable.Repeat(1L, starts.Length).ToArray();
        if (starts.Length != axes.Length || ends.Length != axes.Length || steps.Length != axes.Length)
            throw Context.Error($"starts, ends, axes and steps must have one entry per axis, got {starts.Length}, {ends.Length}, {axes.Length} and {steps.Length}");
        for (var i = 0; i < axes.Length; i++)
        {
            var axis = Normalize(axes[i], x.dim());
            var size = x.shape[axis];
            if (steps[i] <= 0) throw Context.Unsupported("non-positive slice steps");
            var start = Math.Clamp(starts[i] < 0 ? starts[i] + size : starts[i], 0, size);
            var end = Math.Clamp(ends[i] < 0 ? ends[i] + size : ends[i], 0, size);
            x = x.slice(axis, start, Math.Max(start, end), steps[i]);
        }
        return [x];
    }
}

internal sealed class CastOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    // saturate only concerns float8 targets, which ScalarTypeOf refuses.
    private readonly ScalarType _type = ElementTypes.ScalarTypeOf((int)attributes.Ignore("saturate").Int("to"), context.File, context.Node);

    public override Tensor[] Run(Tensor?[] inputs) => [Input(inputs, 0).to(_type)];
}
