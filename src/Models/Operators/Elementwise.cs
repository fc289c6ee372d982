using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>
/// Add, Sub, Mul, Div, Pow with NumPy broadcasting; before opset 7 also the legacy <c>broadcast</c>/<c>axis</c> form,
/// where B is aligned with A starting at <c>axis</c>.
/// </summary>
internal sealed class BinaryOperator : GraphOperator
{
    private readonly Func<Tensor, Tensor, Tensor> _function;
    private readonly long? _legacyAxis;

    public BinaryOperator(OperatorContext context, NodeAttributes attributes, Func<Tensor, Tensor, Tensor> function) : base(context)
    {
        _function = function;
        if (context.Opset < 7 && attributes.Int("broadcast", 0) != 0 && attributes.Has("axis"))
            _legacyAxis = attributes.Int("axis");
    }

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var a = Input(inputs, 0);
        var b = Input(inputs, 1);
        if (_legacyAxis is { } axis && b.dim() < a.dim())
        {
            var start = Normalize(axis, a.dim());
            if (start + b.dim() > a.dim())
                throw Context.Error($"broadcast axis {axis} leaves no room for the second input's {b.dim()} dimension(s) in a rank-{a.dim()} first input");
            var shape = Enumerable.Repeat(1L, (int)a.dim()).ToArray();
            for (var i = 0; i < b.dim(); i++) shape[start + i] = b.shape[i];
            b = b.reshape(shape);
        }
        return [_function(a, b)];
    }
}

/// <summary>Sum, Max, Min, Mean over any number of inputs, with broadcasting.</summary>
internal sealed class VariadicOperator(OperatorContext context, Func<Tensor, Tensor, Tensor> fold, bool mean = false) : GraphOperator(context)
{
    public override Tensor[] Run(Tensor?[] inputs)
    {
        var present = inputs.Where(i => i is not null).Cast<Tensor>().ToArray();
        if (present.Length == 0) throw Context.Error("needs at least one input");
        var result = present[0].alias();
        for (var i = 1; i < present.Length; i++) result = fold(result, present[i]);
        return [mean ? result.DividedBy(present.Length) : result];
    }
}

/// <summary>ONNX PRelu; before opset 7 a 1-D slope is per channel (dimension 1), later NumPy-broadcast.</summary>
internal sealed class PReluOperator(OperatorContext context) : GraphOperator(context)
{
    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var slope = Input(inputs, 1);
        if (slope.dim() == 1 && x.dim() > 2 && (Context.Opset < 7 || slope.shape[0] != x.shape[^1]) && slope.shape[0] == x.shape[1])
            slope = slope.reshape([x.shape[1], .. Enumerable.Repeat(1L, (int)x.dim() - 2)]);
        return [where(x.ge(HeldScalars.Zero), x, x * slope)];
    }
}

/// <summary>ONNX Clip: bounds as attributes (opset &lt; 11) or as optional inputs.</summary>
internal sealed class ClipOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly float _min = attributes.Float("min", float.NegativeInfinity);
    private readonly float _max = attributes.Float("max", float.PositiveInfinity);

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        if (Context.Opset < 11) return [x.Clamped(_min, _max)];
        var min = Optional(inputs, 1);
        var max = Optional(inputs, 2);
        if (min is not null) x = maximum(x, min);
        if (max is not null) x = minimum(x, max);
        return [min is null && max is null ? x.alias() : x];
    }
}

/// <summary>Softmax and LogSoftmax; before opset 13 the input is treated as 2-D, flattened at <c>axis</c>.</summary>
internal sealed class SoftmaxOperator(OperatorContext context, NodeAttributes attributes, bool log) : GraphOperator(context)
{
    private readonly long _axis = attributes.Int("axis", context.Opset < 13 ? 1 : -1);

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        if (Context.Opset >= 13) return [Apply(x, _axis)];
        var axis = Normalize(_axis, x.dim());
        var rows = x.shape[..(int)axis].Aggregate(1L, (p, d) => p * d);
        return [Apply(x.reshape(rows, -1), 1).reshape(x.shape)];
    }

    private Tensor Apply(Tensor x, long axis) => log ? x.log_softmax(axis) : x.softmax(axis);
}
