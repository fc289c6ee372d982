using CircuitSpec.Activations;
using CircuitSpec.Errors;
using CircuitSpec.Models.Graph;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// A head's weights in the residual stream's basis (row vectors, x·W, as TransformerLens writes them): W_Q, W_K, W_V
/// [d_model, d_head], W_O [d_head, d_model] and their biases; the QK circuit W_Q·W_Kᵀ and the OV circuit W_V·W_O, both
/// [d_model, d_model]. Read from the projections' initializers found from the hook points.
/// </summary>
public static class HeadWeights
{
    public static Tensor QueryWeights(this AttentionHead head) => Columns(head, Projection(head, "hook_q").Weight);
    public static Tensor KeyWeights(this AttentionHead head) => Columns(head, Projection(head, "hook_k").Weight);
    public static Tensor ValueWeights(this AttentionHead head) => Columns(head, Projection(head, "hook_v").Weight);
    public static Tensor QueryBias(this AttentionHead head) => Slice(head, Projection(head, "hook_q").Bias);
    public static Tensor KeyBias(this AttentionHead head) => Slice(head, Projection(head, "hook_k").Bias);

    /// <summary>W_O's rows for this head [d_head, d_model].</summary>
    public static Tensor OutputWeights(this AttentionHead head)
    {
        var (weight, _) = OutputProjection(head);
        var d = weight.shape[0] / head.Model.Heads;
        return weight.narrow(0, head.Index * d, d);
    }

    /// <summary>The QK circuit W_Q·W_Kᵀ [d_model, d_model]: x_query · QK · x_keyᵀ is the score before biases and scaling.</summary>
    public static Tensor QK(this AttentionHead head) => head.QueryWeights().matmul(head.KeyWeights().t());

    /// <summary>The OV circuit W_V·W_O [d_model, d_model]: what the head writes for each direction it attends to.</summary>
    public static Tensor OV(this AttentionHead head) => head.ValueWeights().matmul(head.OutputWeights());

    /// <summary>
    /// The head's write into the residual stream [batch, position, d_model] (TransformerLens's hook_result), from a cache
    /// holding the block's hook_z: z_h · W_O[h]. The block's attn_out is the sum over heads plus W_O's bias.
    /// </summary>
    public static Tensor Result(this AttentionHead head, ActivationCache cache) => cache[head.ZPoint].select(2, head.Index).matmul(head.OutputWeights());

    /// <summary>The bias the attention output adds once for all heads [d_model].</summary>
    public static Tensor OutputBias(this SentenceTransformer model, int layer) => OutputProjection(model.Head(layer, 0)).Bias;

    private static Tensor Columns(AttentionHead head, Tensor weight)
    {
        var d = weight.shape[1] / head.Model.Heads;
        return weight.narrow(1, head.Index * d, d);
    }

    private static Tensor Slice(AttentionHead head, Tensor bias)
    {
        var d = bias.shape[0] / head.Model.Heads;
        return bias.narrow(0, head.Index * d, d);
    }

    // hook_q/k/v = Reshape(Add(bias, MatMul(x, W))): W [d_model, heads·d_head] and the bias.
    private static (Tensor Weight, Tensor Bias) Projection(AttentionHead head, string hook)
    {
        var graph = head.Model.Graph;
        var reshape = graph.ProducerOf($"blocks.{head.Layer}.attn.{hook}");
        return Affine(graph, reshape.Inputs[0], $"{head.Label} {hook}");
    }

    // attn_out = Add(bias, MatMul(z reshaped to [batch, position, heads·d_head], W_O)).
    private static (Tensor Weight, Tensor Bias) OutputProjection(AttentionHead head) =>
        Affine(head.Model.Graph, head.Model.Graph.Resolve($"blocks.{head.Layer}.hook_attn_out"), $"{head.Label} output");

    private static (Tensor Weight, Tensor Bias) Affine(GraphNetwork graph, string value, string what)
    {
        var add = graph.ProducerOf(value);
        var bias = add.Inputs.Where(graph.Initializers.ContainsKey).Select(i => graph.Initializers[i]).FirstOrDefault();
        var matmul = add.Inputs.Where(graph.HasPoint).Select(graph.ProducerOf).FirstOrDefault(n => n.OpType == "MatMul");
        if (add.OpType != "Add" || bias is null || matmul is null || !graph.Initializers.TryGetValue(matmul.Inputs[1], out var weight))
            throw new CircuitSpecException($"The {what} projection of '{graph.ModelName}' is not MatMul(x, W) + b (found {add}).");
        return (weight, bias);
    }
}

/// <summary>Which of the later head's inputs reads the earlier head's output.</summary>
public enum CompositionKind { Q, K, V }

/// <summary>
/// Composition between heads of different layers (Elhage et al., "A Mathematical Framework for Transformer
/// Circuits", 2021): how much a later head's query, key or value reads what an earlier head writes,
/// ‖L·R‖_F / (‖L‖_F ‖R‖_F) with L the earlier head's OV circuit. Like the paper, it ignores the layer norms between
/// them (in a post-LN encoder they rescale every direction of the residual stream alike per position).
/// </summary>
public static class Composition
{
    /// <summary>‖L·R‖_F / (‖L‖_F ‖R‖_F); 0 when either is zero (a head that writes or reads nothing composes with nothing).</summary>
    public static double Score(Tensor left, Tensor right)
    {
        using var scope = NewDisposeScope();
        var norms = (left.norm() * right.norm()).item<float>();
        return norms == 0 ? 0 : left.matmul(right).norm().item<float>() / norms;
    }

    public static double Of(CompositionKind kind, AttentionHead earlier, AttentionHead later) => kind switch
    {
        CompositionKind.Q => Q(earlier, later),
        CompositionKind.K => K(earlier, later),
        _ => V(earlier, later),
    };

    /// <summary>
    /// The same score between random Gaussian matrices with the shapes of the two heads' factors (W_V·W_O for the earlier
    /// head; W_Q·W_Kᵀ or W_V·W_O for the later), <paramref name="samples"/> draws fixed by the seed: the level a claim of
    /// composition must clear.
    /// </summary>
    public static IReadOnlyList<double> RandomBaseline(CompositionKind kind, AttentionHead earlier, AttentionHead later, int samples = 20, int seed = 0)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var (dModel, dHead) = (earlier.ValueWeights().shape[0], earlier.ValueWeights().shape[1]);
        Tensor LowRank() => randn([dModel, dHead], generator: generator).matmul(randn([dHead, dModel], generator: generator));
        return Enumerable.Range(0, samples).Select(_ =>
        {
            var (left, right) = (LowRank(), LowRank());
            return Score(left, kind == CompositionKind.K ? right.t() : right);
        }).ToList();
    }

    /// <summary>Random Gaussian stand-ins for a head's OV circuit: W_V·W_O's shapes, draws fixed by the seed.</summary>
    public static IReadOnlyList<Tensor> RandomOv(AttentionHead head, int samples = 20, int seed = 0)
    {
        using var generator = new Generator((ulong)seed);
        var (dModel, dHead) = (head.ValueWeights().shape[0], head.ValueWeights().shape[1]);
        return Enumerable.Range(0, samples).Select(_ => randn([dModel, dHead], generator: generator).matmul(randn([dHead, dModel], generator: generator))).ToList();
    }

    public static double Q(AttentionHead earlier, AttentionHead later) => Score(Checked(earlier, later).OV(), later.QK());

    public static double K(AttentionHead earlier, AttentionHead later) => Score(Checked(earlier, later).OV(), later.QK().t());

    public static double V(AttentionHead earlier, AttentionHead later) => Score(Checked(earlier, later).OV(), later.OV());

    private static AttentionHead Checked(AttentionHead earlier, AttentionHead later) =>
        earlier.Layer < later.Layer ? earlier
            : throw new CircuitSpecException($"{earlier.Label} is not in a layer before {later.Label}: composition runs from an earlier head to a later one.");
}
