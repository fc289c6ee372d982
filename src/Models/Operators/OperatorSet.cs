using CircuitSpec.Models.Graph;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

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
        ["Gemm"] = (c, a) => new GemmOperator(c, a),
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
        ["Softplus"] = (c, _) => new UnaryOperator(c, x => F.softplus(x)),
        ["Softsign"] = (c, _) => new UnaryOperator(c, x => x / (x.abs() + 1)),
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
        // Inference: the identity, and a mask that keeps everything.
        ["Dropout"] = (c, _) => new MultiOutputOperator(c, x => [x.alias(), ones_like(x, dtype: ScalarType.Bool)]),
        ["Clip"] = (c, a) => new ClipOperator(c, a),
        ["Add"] = (c, a) => new BinaryOperator(c, a, (x, y) => x + y),
        ["Sub"] = (c, a) => new BinaryOperator(c, a, (x, y) => x - y),
        ["Mul"] = (c, a) => new BinaryOperator(c, a, (x, y) => x * y),
        ["Div"] = (c, a) => new BinaryOperator(c, a, Divide),
        ["Pow"] = (c, a) => new BinaryOperator(c, a, (x, y) => x.pow(y)),
        ["Sum"] = (c, _) => new VariadicOperator(c, (x, y) => x + y),
        ["Mean"] = (c, _) => new VariadicOperator(c, (x, y) => x + y, mean: true),
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
        ["Shape"] = (c, _) => new ShapeOperator(c),
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
        ["Pad"] = (c, a) => new PadOperator(c, a),
    };

    /// <summary>
    /// Operators that act on each value alone and keep its channel, but are not linear: linearized, they are the
    /// identity. LRN mixes neighbouring channels only through a divisor near 1 and is treated the same way.
    /// </summary>
    public static readonly IReadOnlySet<string> Pointwise = new HashSet<string>(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "Tanh", "Softplus", "Softsign", "Clip", "LRN",
    };

    /// <summary>Every operator type this build can execute.</summary>
    public static IReadOnlyCollection<string> Supported => Factories.Keys;

    public static GraphOperator Create(OperatorContext context, NodeAttributes attributes)
    {
        if (context.Domain is not ("" or "ai.onnx") || !Factories.TryGetValue(context.OpType, out var factory))
            throw context.Unsupported();
        return factory(context, attributes);
    }

    private static GraphOperator Leaky(OperatorContext c, float alpha) => new UnaryOperator(c, x => F.leaky_relu(x, alpha));

    private static GraphOperator Elu(OperatorContext c, float alpha) => new UnaryOperator(c, x => F.elu(x, alpha));

    private static GraphOperator Selu(OperatorContext c, float alpha, float gamma) =>
        new UnaryOperator(c, x => where(x > 0, x, (x.exp() - 1) * alpha) * gamma);

    // ONNX integer division truncates; torch's "/" would promote integers to float.
    private static Tensor Divide(Tensor x, Tensor y) =>
        x.is_floating_point() || y.is_floating_point() ? x / y : x.div(y, RoundingMode.trunc);
}
