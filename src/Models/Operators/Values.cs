using CircuitSpec.Errors;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>ONNX Constant: a tensor (or scalar/list) attribute.</summary>
internal sealed class ConstantOperator : GraphOperator
{
    private readonly Tensor _value;

    public ConstantOperator(OperatorContext context, NodeAttributes attributes) : base(context)
    {
        _value = attributes.TensorValue("value")
                 ?? (attributes.Has("value_float") ? tensor(attributes.Float("value_float", 0))
                 : attributes.Has("value_int") ? tensor(attributes.Int("value_int"))
                 : attributes.Floats("value_floats") is { } fs ? tensor(fs)
                 : attributes.Ints("value_ints") is { } ls ? tensor(ls)
                 : throw context.Unsupported("a Constant without a tensor, float or int value"));
    }

    // A fresh handle each run: the executor releases intermediate values after their last use.
    public override Tensor[] Run(Tensor?[] inputs) => [_value.alias()];
}

/// <summary>ONNX ConstantOfShape: a tensor of the given shape filled with one value (float 0 by default).</summary>
internal sealed class ConstantOfShapeOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly Tensor? _value = attributes.TensorValue("value");

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var shape = Longs(Input(inputs, 0));
        GuardSize(shape);
        if (_value is null) return [zeros(shape)];
        using var value = _value.flatten()[0].ToScalar();
        return [full(shape, value, dtype: _value.dtype)];
    }
}

/// <summary>ReduceMean / ReduceSum / ReduceMax / ReduceMin: axes from an attribute or (newer opsets) an input.</summary>
internal sealed class ReduceOperator(OperatorContext context, NodeAttributes attributes, string kind) : GraphOperator(context)
{
    private readonly long[]? _axes = attributes.Ints("axes");
    private readonly bool _keepDims = attributes.Int("keepdims", 1) != 0;
    private readonly bool _noopWithEmptyAxes = attributes.Int("noop_with_empty_axes", 0) != 0;

    // No axes (neither attribute nor input, or an empty input) reduces over every axis, unless noop_with_empty_axes.
    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var given = _axes ?? (Optional(inputs, 1) is { } a ? Longs(a) : null);
        if (given is null or [] && _noopWithEmptyAxes) return [x.alias()];
        var axes = given is null or [] ? Enumerable.Range(0, (int)x.dim()).Select(i => (long)i).ToArray()
            : given.Select(a => Normalize(a, x.dim())).Distinct().ToArray();
        if (axes.Length == 0) return [Reduce(x.unsqueeze(0), [0], keepDims: false)];
        return [Reduce(x, axes, _keepDims)];
    }

    private Tensor Reduce(Tensor x, long[] axes, bool keepDims)
    {
        var emptyAxis = axes.Any(a => x.shape[a] == 0);
        if (emptyAxis && kind is "Max" or "Min" or "Mean" or "LogSumExp")
            throw Context.Error($"Reduce{kind} over an axis of length 0 has no value to give");
        return kind switch
        {
            "Mean" => x.mean(axes, keepDims),
            "Sum" => x.sum(axes, keepDims),
            "Max" => x.amax(axes, keepDims),
            "Min" => x.amin(axes, keepDims),
            "Prod" => axes.OrderDescending().Aggregate(x, (t, a) => t.prod(a, keepDims)),
            "L1" => x.abs().sum(axes, keepDims),
            "L2" => x.Squared().sum(axes, keepDims).sqrt(),
            "SumSquare" => x.Squared().sum(axes, keepDims),
            "LogSum" => x.sum(axes, keepDims).log(),
            _ => axes.OrderDescending().Aggregate(x, (t, a) => t.logsumexp(a, keepDims)),
        } is var r && r.dtype != x.dtype ? r.to(x.dtype) : r;
    }
}

/// <summary>
/// ONNX Dropout at inference: the identity, and a mask that keeps everything. Training mode (the training_mode input,
/// or is_test = 0 before opset 7) draws a random mask that cannot be reproduced, so it is refused.
/// </summary>
internal sealed class DropoutOperator : GraphOperator
{
    private readonly bool _training;

    public DropoutOperator(OperatorContext context, NodeAttributes attributes) : base(context)
    {
        attributes.Ignore("seed", "ratio", "consumed_inputs");
        _training = attributes.Int("is_test", 1) == 0;
        if (_training) throw Refusal();
    }

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        if (Optional(inputs, 2) is { } training && training.numel() > 0 && training.cpu().to(ScalarType.Bool).any().item<bool>())
            throw Refusal();
        var mask = ones_like(x, dtype: Context.Opset < 10 ? x.dtype : ScalarType.Bool);
        return Context.OutputCount > 1 ? [x.alias(), mask] : [x.alias()];
    }

    private UnsupportedOperatorException Refusal() =>
        Context.Unsupported("training_mode draws a random dropout mask, which cannot be reproduced; export the model for inference");
}
