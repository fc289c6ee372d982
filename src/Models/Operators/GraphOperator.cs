using CircuitSpec.Errors;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>Where an operator sits: enough to name it in any error it raises.</summary>
public sealed record OperatorContext(string File, string Node, string OpType, string Domain, long Opset, int InputCount, int OutputCount)
{
    public ModelLoadException Error(string problem) => new(File, Node, problem);

    public UnsupportedOperatorException Unsupported(string? detail = null) => new(File, Node, OpType, Domain, Opset, detail);
}

/// <summary>
/// The executable form of one node. Operators are created (and their attributes checked) when the model loads, and
/// run with the node's input tensors (null for an omitted optional input).
/// </summary>
public abstract class GraphOperator
{
    protected GraphOperator(OperatorContext context) => Context = context;

    public OperatorContext Context { get; }

    public abstract Tensor[] Run(Tensor?[] inputs);

    /// <summary>
    /// The operator with its non-linearity removed, for a linearized model (expanded weights). Linear operators run
    /// unchanged; pointwise non-linearities are handled by the graph (see <see cref="OperatorSet.Pointwise"/>).
    /// </summary>
    public virtual Tensor[] RunLinearized(Tensor?[] inputs) => Run(inputs);

    /// <summary>The kernel, strides and padding of a windowed operator (convolution, pooling); null for others or before it is known.</summary>
    internal virtual SpatialWindow? Window => null;

    protected Tensor Input(Tensor?[] inputs, int index) =>
        index < inputs.Length && inputs[index] is { } t
            ? t
            : throw new CircuitSpecException($"{Context.OpType} '{Context.Node}' needs input #{index}, which is missing.");

    protected static Tensor? Optional(Tensor?[] inputs, int index) => index < inputs.Length ? inputs[index] : null;

    /// <summary>The values of a small integer tensor (shapes, axes, pads), read on the CPU.</summary>
    protected static long[] Longs(Tensor t)
    {
        using var cpu = t.cpu().to(ScalarType.Int64);
        return cpu.data<long>().ToArray();
    }

    /// <summary>
    /// An axis counted from the end when negative, checked against the input's rank (an axis attribute is a number
    /// in the file, so a corrupt one must be an error naming the node, not an index exception).
    /// </summary>
    protected long Normalize(long axis, long rank, bool allowEnd = false)
    {
        var last = allowEnd ? rank : rank - 1;
        if (axis < -rank || axis > last)
            throw Context.Error($"axis {axis} is outside [{-rank}, {last}] for a rank-{rank} input");
        return axis < 0 ? axis + rank : axis;
    }

    /// <summary>Refuses shapes that would allocate an absurd amount of memory (a corrupt or hostile file).</summary>
    protected void GuardSize(long[] shape)
    {
        var total = 1.0;
        foreach (var d in shape)
        {
            if (d < 0) throw Context.Error($"negative dimension {d} in shape [{string.Join(", ", shape)}]");
            total *= d;
        }
        if (total > MaxElements)
            throw Context.Error($"shape [{string.Join(", ", shape)}] would allocate {total:E2} elements (limit {MaxElements:E0})");
    }

    internal const double MaxElements = 1L << 31;
}

/// <summary>An operator with one input and one output computed by a function.</summary>
internal sealed class UnaryOperator(OperatorContext context, Func<Tensor, Tensor> function) : GraphOperator(context)
{
    public override Tensor[] Run(Tensor?[] inputs) => [function(Input(inputs, 0))];
}

/// <summary>An operator with one input and several outputs computed by a function.</summary>
internal sealed class MultiOutputOperator(OperatorContext context, Func<Tensor, Tensor[]> function) : GraphOperator(context)
{
    public override Tensor[] Run(Tensor?[] inputs) => function(Input(inputs, 0));
}
