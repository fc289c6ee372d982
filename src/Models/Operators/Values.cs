using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>ONNX Constant: a tensor (or scalar/list) attribute.</summary>
internal sealed class ConstantOperator : GraphOperator
{
    private readonly Tensor _value;

    public ConstantOperator(OperatorContext context, Graph.NodeAttributes attributes) : base(context)
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
internal sealed class ConstantOfShapeOperator(OperatorContext context, Graph.NodeAttributes attributes) : GraphOperator(context)
{
    private readonly Tensor? _value = attributes.TensorValue("value");

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var shape = Longs(Input(inputs, 0));
        GuardSize(shape);
        return [_value is null ? zeros(shape) : full(shape, _value.flatten()[0].ToScalar(), dtype: _value.dtype)];
    }
}

/// <summary>ReduceMean / ReduceSum / ReduceMax / ReduceMin: axes from an attribute or (newer opsets) an input.</summary>
internal sealed class ReduceOperator(OperatorContext context, Graph.NodeAttributes attributes, string kind) : GraphOperator(context)
{
    private readonly long[]? _axes = attributes.Ints("axes");
    private readonly bool _keepDims = attributes.Int("keepdims", 1) != 0;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var axes = (_axes ?? (Optional(inputs, 1) is { } a ? Longs(a) : null))?.Select(a => Normalize(a, x.dim())).ToArray()
                   ?? Enumerable.Range(0, (int)x.dim()).Select(i => (long)i).ToArray();
        if (axes.Length == 0) return [x.alias()];
        return [kind switch
        {
            "Mean" => x.mean(axes, _keepDims),
            "Sum" => x.sum(axes, _keepDims),
            "Max" => x.amax(axes, _keepDims),
            _ => x.amin(axes, _keepDims),
        }];
    }
}
