using CircuitSpec.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>
/// The ONNX operators CircuitSpec executes (default domain). Creating one checks its attributes, so an unsupported
/// operator or attribute is a typed error at load time naming the operator, the node and the opset.
/// </summary>
public static class OperatorSet
{
    private static readonly Dictionary<string, Func<OperatorContext, NodeAttributes, GraphOperator>> Factories = new(StringComparer.Ordinal)
    {
        ["Conv"] = (c, a) => new ConvOperator(c, a),
        ["ConvTranspose"] = (c, a) => new ConvTransposeOperator(c, a),
        // Gemm before opset 7 says with broadcast = 1 that C broadcasts, which it always does here.
        ["Gemm"] = (c, a) => new GemmOperator(c, a.Ignore("broadcast")),
        ["MatMul"] = (c, _) => new VariadicOperator(c, (x, y) => x.matmul(y)),
        ["BatchNormalization"] = (c, a) => new BatchNormOperator(c, a),
        ["InstanceNormalization"] = (c, a) => new InstanceNormOperator(c, a),
        ["LRN"] = (c, a) => new LrnOperator(c, a),
        ["MaxPool"] = (c, a) => new MaxPoolOperator(c, a),
        ["AveragePool"] = (c, a) => new AveragePoolOperator(c, a),
        ["GlobalAveragePool"] = (c, _) => new GlobalPoolOperator(c, max: false),
        ["GlobalMaxPool"] = (c, _) => new GlobalPoolOperator(c, max: true),
        ["Relu"] = (c, _) => new UnaryOperator(c, x => x.relu()),
        ["LeakyRelu"] = (c, a) => Leaky(c, a.Float("alpha", 0.01f)),
        ["PRelu"] = (c, _) => new PReluOperator(c),
        ["Elu"] = (c, a) => Elu(c, a.Float("alpha", 1f)),
        ["Selu"] = (c, a) => Selu(c, a.Float("alpha", 1.67326319217681884765625f), a.Float("gamma", 1.05070102214813232421875f)),
        ["Sigmoid"] = (c, _) => new UnaryOperator(c, x => x.sigmoid()),
        ["Tanh"] = (c, _) => new UnaryOperator(c, x => x.tanh()),
        ["Softplus"] = (c, _) => new UnaryOperator(c, Softplus),
        ["Softsign"] = (c, _) => new UnaryOperator(c, x => x / x.abs().Plus(1)),
        ["Softmax"] = (c, a) => new SoftmaxOperator(c, a, log: false),
        ["LogSoftmax"] = (c, a) => new SoftmaxOperator(c, a, log: true),
        ["Abs"] = (c, _) => new UnaryOperator(c, x => x.abs()),
        ["Neg"] = (c, _) => new UnaryOperator(c, x => x.neg()),
        ["Exp"] = (c, _) => new UnaryOperator(c, x => x.exp()),
        ["Log"] = (c, _) => new UnaryOperator(c, x => x.log()),
        ["Sqrt"] = (c, _) => new UnaryOperator(c, x => x.sqrt()),
        ["Reciprocal"] = (c, _) => new UnaryOperator(c, x => x.reciprocal()),
        ["Floor"] = (c, _) => new UnaryOperator(c, x => x.floor()),
        ["Ceil"] = (c, _) => new UnaryOperator(c, x => x.ceil()),
        ["Identity"] = (c, _) => new UnaryOperator(c, x => x.alias()),
        ["Dropout"] = (c, a) => new DropoutOperator(c, a),
        ["Clip"] = (c, a) => new ClipOperator(c, a),
        ["Add"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.Plus(y)),
        ["Sub"] = (c, a) => new BinaryOperator(c, a, (x, y) => x - y),
        ["Mul"] = (c, a) => new BinaryOperator(c, a, (x, y) => x * y),
        ["Div"] = (c, a) => new BinaryOperator(c, a, Divide),
        // The result has the base's type (an integer base stays an integer, as NumPy's astype truncates).
        ["Pow"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.pow(y) is var p && p.dtype != x.dtype ? p.to(x.dtype) : p),
        ["Sum"] = (c, _) => new VariadicOperator(c, (x, y) => x.Plus(y)),
        ["Mean"] = (c, _) => new VariadicOperator(c, (x, y) => x.Plus(y), mean: true),
        ["Max"] = (c, _) => new VariadicOperator(c, maximum),
        ["Min"] = (c, _) => new VariadicOperator(c, minimum),
        ["Flatten"] = (c, a) => new FlattenOperator(c, a),
        ["Reshape"] = (c, a) => new ReshapeOperator(c, a),
        ["Transpose"] = (c, a) => new TransposeOperator(c, a),
        ["Squeeze"] = (c, a) => new SqueezeOperator(c, a, unsqueeze: false),
        ["Unsqueeze"] = (c, a) => new SqueezeOperator(c, a, unsqueeze: true),
        ["Concat"] = (c, a) => new ConcatOperator(c, a),
        ["Split"] = (c, a) => new SplitOperator(c, a),
        ["Gather"] = (c, a) => new GatherOperator(c, a),
        ["Shape"] = (c, a) => new ShapeOperator(c, a),
        ["Tile"] = (c, _) => new TileOperator(c),
        ["Expand"] = (c, _) => new ExpandOperator(c),
        ["Slice"] = (c, a) => new SliceOperator(c, a),
        ["Cast"] = (c, a) => new CastOperator(c, a),
        ["Constant"] = (c, a) => new ConstantOperator(c, a),
        ["ConstantOfShape"] = (c, a) => new ConstantOfShapeOperator(c, a),
        ["ReduceMean"] = (c, a) => new ReduceOperator(c, a, "Mean"),
        ["ReduceSum"] = (c, a) => new ReduceOperator(c, a, "Sum"),
        ["ReduceMax"] = (c, a) => new ReduceOperator(c, a, "Max"),
        ["ReduceMin"] = (c, a) => new ReduceOperator(c, a, "Min"),
        ["ReduceProd"] = (c, a) => new ReduceOperator(c, a, "Prod"),
        ["ReduceL1"] = (c, a) => new ReduceOperator(c, a, "L1"),
        ["ReduceL2"] = (c, a) => new ReduceOperator(c, a, "L2"),
        ["ReduceSumSquare"] = (c, a) => new ReduceOperator(c, a, "SumSquare"),
        ["ReduceLogSum"] = (c, a) => new ReduceOperator(c, a, "LogSum"),
        ["ReduceLogSumExp"] = (c, a) => new ReduceOperator(c, a, "LogSumExp"),
        ["Pad"] = (c, a) => new PadOperator(c, a),
        ["Erf"] = (c, _) => new UnaryOperator(c, x => x.erf()),
        ["Gelu"] = (c, a) => Gelu(c, a.String("approximate", "none")),
        ["LayerNormalization"] = (c, a) => new LayerNormOperator(c, a),
        ["HardSigmoid"] = (c, a) => HardSigmoid(c, a.Float("alpha", 0.2f), a.Float("beta", 0.5f)),
        ["HardSwish"] = (c, _) => new UnaryOperator(c, x => x * x.DividedBy(6).Plus(0.5).Clamped(0, 1)),
        ["Celu"] = (c, a) => Celu(c, a.Float("alpha", 1f)),
        ["Mish"] = (c, _) => new UnaryOperator(c, x => x * Softplus(x).tanh()),
        ["ThresholdedRelu"] = (c, a) => ThresholdedRelu(c, a.Float("alpha", 1f)),
        ["Sin"] = (c, _) => new UnaryOperator(c, x => x.sin()),
        ["Cos"] = (c, _) => new UnaryOperator(c, x => x.cos()),
        ["Tan"] = (c, _) => new UnaryOperator(c, x => x.tan()),
        ["Asin"] = (c, _) => new UnaryOperator(c, x => x.asin()),
        ["Acos"] = (c, _) => new UnaryOperator(c, x => x.acos()),
        ["Atan"] = (c, _) => new UnaryOperator(c, x => x.atan()),
        ["Sinh"] = (c, _) => new UnaryOperator(c, x => x.sinh()),
        ["Cosh"] = (c, _) => new UnaryOperator(c, x => x.cosh()),
        ["Asinh"] = (c, _) => new UnaryOperator(c, x => x.asinh()),
        ["Acosh"] = (c, _) => new UnaryOperator(c, x => x.acosh()),
        ["Atanh"] = (c, _) => new UnaryOperator(c, x => x.atanh()),
        ["Sign"] = (c, _) => new UnaryOperator(c, x => x.sign()),
        ["Round"] = (c, _) => new UnaryOperator(c, x => x.round()),
        ["IsNaN"] = (c, _) => new UnaryOperator(c, x => x.isnan()),
        ["IsInf"] = (c, a) => new IsInfOperator(c, a),
        ["Not"] = (c, _) => new UnaryOperator(c, x => x.logical_not()),
        ["And"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.logical_and(y)),
        ["Or"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.logical_or(y)),
        ["Xor"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.logical_xor(y)),
        ["Equal"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.eq(y)),
        ["Less"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.lt(y)),
        ["LessOrEqual"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.le(y)),
        ["Greater"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.gt(y)),
        ["GreaterOrEqual"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.ge(y)),
        ["Mod"] = (c, a) => new ModOperator(c, a),
        ["Where"] = (c, _) => new WhereOperator(c),
        ["ArgMax"] = (c, a) => new ArgOperator(c, a, max: true),
        ["ArgMin"] = (c, a) => new ArgOperator(c, a, max: false),
        ["Hardmax"] = (c, a) => new HardmaxOperator(c, a),
        ["TopK"] = (c, a) => new TopKOperator(c, a.Ignore("sorted")),
        ["GatherElements"] = (c, a) => new GatherElementsOperator(c, a),
        ["ScatterElements"] = (c, a) => new ScatterElementsOperator(c, a),
        ["OneHot"] = (c, a) => new OneHotOperator(c, a),
        ["NonZero"] = (c, _) => new NonZeroOperator(c),
        ["Range"] = (c, _) => new RangeOperator(c),
        ["Size"] = (c, _) => new UnaryOperator(c, x => tensor(x.numel())),
        ["CumSum"] = (c, a) => new CumSumOperator(c, a),
        ["Trilu"] = (c, a) => new TriluOperator(c, a),
        ["Einsum"] = (c, a) => new EinsumOperator(c, a),
        ["DepthToSpace"] = (c, a) => new DepthToSpaceOperator(c, a, toSpace: true),
        ["SpaceToDepth"] = (c, a) => new DepthToSpaceOperator(c, a, toSpace: false),
        ["Resize"] = (c, a) => new ResizeOperator(c, a, upsample: false),
        ["Upsample"] = (c, a) => new ResizeOperator(c, a, upsample: true),
    };

    /// <summary>
    /// Operators that act on each value alone and keep its channel, but are not linear: linearized, they are the
    /// identity. LRN mixes neighbouring channels only through a divisor near 1 and is treated the same way.
    /// </summary>
    public static readonly IReadOnlySet<string> Pointwise = new HashSet<string>(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "Tanh", "Softplus", "Softsign", "Clip", "LRN",
        "Gelu", "HardSwish", "Mish", "Celu", "ThresholdedRelu",
    };

    /// <summary>Every operator type this build can execute.</summary>
    public static IReadOnlyCollection<string> Supported => Factories.Keys;

    public static GraphOperator Create(OperatorContext context, NodeAttributes attributes)
    {
        if (context.Domain is not ("" or "ai.onnx") || !Factories.TryGetValue(context.OpType, out var factory))
            throw context.Unsupported();
        return factory(context, attributes);
    }

    private static GraphOperator Gelu(OperatorContext c, string approximate) => approximate switch
    {
        "none" => new UnaryOperator(c, x => x.Times(0.5) * x.Times(Math.Sqrt(0.5)).erf().Plus(1)),
        "tanh" => new UnaryOperator(c, x => x.Times(0.5) * x.Plus(x.Power(3).Times(0.044715)).Times(Math.Sqrt(2 / Math.PI)).tanh().Plus(1)),
        _ => throw c.Unsupported($"approximate '{approximate}'"),
    };

    private static GraphOperator HardSigmoid(OperatorContext c, float alpha, float beta) => new UnaryOperator(c, x => x.Times(alpha).Plus(beta).Clamped(0, 1));

    private static GraphOperator Celu(OperatorContext c, float alpha) => new UnaryOperator(c, x => x.AtLeast(0).Plus(x.DividedBy(alpha).exp().Minus(1).Times(alpha).AtMost(0)));

    // ln(1 + eˣ), linear above 20 as libtorch's softplus (whose TorchSharp wrapper passes β and the threshold as unheld
    // scalars); the exponent is capped so that the branch not taken cannot put a NaN into the gradient.
    private static Tensor Softplus(Tensor x) => where(x.GreaterThan(20), x, x.AtMost(20).exp().log1p());

    private static GraphOperator ThresholdedRelu(OperatorContext c, float alpha) => new UnaryOperator(c, x => where(x.GreaterThan(alpha), x, zeros_like(x)));

    private static GraphOperator Leaky(OperatorContext c, float alpha) => new UnaryOperator(c, x =>
    {
        using var slope = alpha.ToScalar();
        return x.leaky_relu(slope);
    });

    private static GraphOperator Elu(OperatorContext c, float alpha) => new UnaryOperator(c, x =>
    {
        using var held = alpha.ToScalar();
        return x.elu(held, HeldScalars.One, HeldScalars.One);
    });

    private static GraphOperator Selu(OperatorContext c, float alpha, float gamma) =>
        new UnaryOperator(c, x => where(x.GreaterThan(0), x, x.exp().Minus(1).Times(alpha)).Times(gamma));

    // ONNX integer division truncates; torch's "/" would promote integers to float.
    private static Tensor Divide(Tensor x, Tensor y) =>
        x.is_floating_point() || y.is_floating_point() ? x / y : x.div(y, RoundingMode.trunc);
}
