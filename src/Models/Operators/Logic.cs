using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>ONNX Where: the first input picks, element by element, from the second (true) or the third (false).</summary>
internal sealed class WhereOperator(OperatorContext context) : GraphOperator(context)
{
    public override Tensor[] Run(Tensor?[] inputs) => [where(Input(inputs, 0).to(ScalarType.Bool), Input(inputs, 1), Input(inputs, 2))];
}

/// <summary>ONNX IsInf: true at infinities of the signs asked for.</summary>
internal sealed class IsInfOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly bool _negative = attributes.Int("detect_negative", 1) != 0;
    private readonly bool _positive = attributes.Int("detect_positive", 1) != 0;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var inf = x.isinf();
        return [(_negative, _positive) switch
        {
            (true, true) => inf,
            (true, false) => inf & x.LessThan(0),
            (false, true) => inf & x.GreaterThan(0),
            _ => zeros_like(x, dtype: ScalarType.Bool),
        }];
    }
}

/// <summary>ONNX Mod: the remainder with the divisor's sign (fmod = 0, integers) or the dividend's (fmod = 1).</summary>
internal sealed class ModOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly bool _fmod = attributes.Int("fmod", 0) != 0;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var (a, b) = (Input(inputs, 0), Input(inputs, 1));
        if (!_fmod && a.is_floating_point()) throw Context.Error("fmod = 0 is only defined for integers");
        return [_fmod ? a.fmod(b) : a.remainder(b)];
    }
}
