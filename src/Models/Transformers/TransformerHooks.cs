using CircuitSpec.Errors;
using CircuitSpec.Models.Graph;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// TransformerLens's hook names on a BERT-style (post-LayerNorm) ONNX encoder, found by the graph's structure, not by
/// node names or numbers: the layer normalizations (ReduceMean → Sub → Pow → ReduceMean → Add → Sqrt → Div → Mul →
/// Add) split the graph into the embedding and one attention and one MLP half per block, and each Softmax is a
/// block's attention pattern. Names, per block l:
/// <list type="bullet">
/// <item><c>embed</c> (= <c>blocks.0.hook_resid_pre</c>): the embeddings after their layer norm;</item>
/// <item><c>blocks.l.hook_resid_pre</c>, <c>hook_resid_mid</c> (resid_pre + attn_out), <c>hook_normalized_resid_mid</c>,
/// <c>hook_resid_post</c> (normalized_resid_mid + mlp_out), <c>hook_normalized_resid_post</c>, <c>hook_attn_out</c>,
/// <c>hook_mlp_out</c>;</item>
/// <item><c>blocks.l.attn.hook_q / hook_k / hook_v / hook_z</c> [batch, position, head, d_head],
/// <c>hook_attn_scores</c> (scaled, masked) and <c>hook_pattern</c> [batch, head, query, key];</item>
/// <item><c>blocks.l.mlp.hook_pre / hook_post</c> [batch, position, d_mlp] (before and after the GELU);</item>
/// <item><c>ln_final</c>: the last block's normalized residual (a post-LN encoder has no final norm of its own).</item>
/// </list>
/// </summary>
public static class TransformerHooks
{
    /// <summary>Adds the names as aliases of the graph's values; returns the number of blocks found.</summary>
    public static int Name(GraphNetwork graph)
    {
        var norms = LayerNorms(graph);
        var softmaxes = graph.Nodes.Where(n => n.OpType == "Softmax").ToList();
        var blocks = softmaxes.Count;
        if (blocks == 0 || norms.Count != 1 + 2 * blocks)
            throw new ModelLoadException(graph.ModelName, null,
                $"not a post-LayerNorm encoder CircuitSpec can name: {norms.Count} layer normalizations and {blocks} softmax(es), expected 1 + 2 per block");
        graph.AddAlias("embed", norms[0].Output);
        for (var l = 0; l < blocks; l++)
        {
            string Block(string hook) => $"blocks.{l}.{hook}";
            var residPre = norms[2 * l].Output;
            var (midNorm, postNorm) = (norms[2 * l + 1], norms[2 * l + 2]);
            graph.AddAlias(Block("hook_resid_pre"), residPre);
            graph.AddAlias(Block("hook_resid_mid"), midNorm.Input);
            graph.AddAlias(Block("hook_normalized_resid_mid"), midNorm.Output);
            graph.AddAlias(Block("hook_attn_out"), OtherInput(graph, midNorm.Input, residPre));
            graph.AddAlias(Block("hook_resid_post"), postNorm.Input);
            graph.AddAlias(Block("hook_normalized_resid_post"), postNorm.Output);
            var mlpOut = OtherInput(graph, postNorm.Input, midNorm.Output);
            graph.AddAlias(Block("hook_mlp_out"), mlpOut);
            NameMlp(graph, l, midNorm.Output, mlpOut);
            NameAttention(graph, l, softmaxes[l]);
        }
        graph.AddAlias("ln_final", norms[^1].Output);
        return blocks;
    }

    private sealed record Norm(string Input, string Output);

    // Each layer normalization written out as ONNX primitives, in execution order.
    private static List<Norm> LayerNorms(GraphNetwork graph)
    {
        var found = new List<Norm>();
        foreach (var mean in graph.Nodes.Where(n => n.OpType == "ReduceMean"))
        {
            var x = mean.Inputs[0];
            var sub = Consumer(graph, mean.Outputs[0], "Sub");
            if (sub is null || sub.Inputs[0] != x) continue;
            var div = graph.ConsumersOf(sub.Outputs[0]).FirstOrDefault(n => n.OpType == "Div");
            var scale = div is null ? null : Consumer(graph, div.Outputs[0], "Mul");
            var shift = scale is null ? null : Consumer(graph, scale.Outputs[0], "Add");
            if (shift is not null) found.Add(new Norm(x, shift.Outputs[0]));
        }
        return found;
    }

    private static void NameMlp(GraphNetwork graph, int layer, string normalizedMid, string mlpOut)
    {
        var up = graph.ConsumersOf(normalizedMid).FirstOrDefault(n => n.OpType == "MatMul" && graph.Initializers.ContainsKey(n.Inputs[1]))
                 ?? throw Fail(graph, layer, "no MatMul reads the normalized attention output (the MLP's first layer)");
        var pre = Consumer(graph, up.Outputs[0], "Add") ?? throw Fail(graph, layer, "the MLP's first layer has no bias Add");
        var outAdd = graph.ProducerOf(mlpOut);
        var down = outAdd.Inputs.Select(i => graph.Nodes.FirstOrDefault(n => n.Outputs.Contains(i) && n.OpType == "MatMul")).FirstOrDefault(n => n is not null)
                   ?? throw Fail(graph, layer, "the MLP's output is not a MatMul plus bias");
        graph.AddAlias($"blocks.{layer}.mlp.hook_pre", pre.Outputs[0]);
        graph.AddAlias($"blocks.{layer}.mlp.hook_post", down.Inputs[0]);
    }

    private static void NameAttention(GraphNetwork graph, int layer, GraphNode softmax)
    {
        string Attn(string hook) => $"blocks.{layer}.attn.{hook}";
        graph.AddAlias(Attn("hook_pattern"), softmax.Outputs[0]);
        graph.AddAlias(Attn("hook_attn_scores"), softmax.Inputs[0]);
        var mix = Consumer(graph, softmax.Outputs[0], "MatMul") ?? throw Fail(graph, layer, "no MatMul reads the attention pattern");
        var z = Consumer(graph, mix.Outputs[0], "Transpose") ?? throw Fail(graph, layer, "the pattern-weighted values are not transposed back");
        graph.AddAlias(Attn("hook_z"), z.Outputs[0]);
        graph.AddAlias(Attn("hook_v"), BeforeTranspose(graph, mix.Inputs[1], layer));
        // The scores are (q · kᵀ) / √d_head (+ mask): the last product of two activations before the softmax.
        var nodes = graph.Nodes.ToList();
        var scores = nodes.Take(nodes.IndexOf(softmax)).LastOrDefault(n => n.OpType == "MatMul" && n.Inputs.All(graph.HasPoint))
                     ?? throw Fail(graph, layer, "no product of queries and keys before the softmax");
        graph.AddAlias(Attn("hook_q"), BeforeTranspose(graph, scores.Inputs[0], layer));
        graph.AddAlias(Attn("hook_k"), BeforeTranspose(graph, scores.Inputs[1], layer));
    }

    // [batch, position, head, d_head]: the Reshape before the transposes that move heads forward (and kᵀ's extra one).
    private static string BeforeTranspose(GraphNetwork graph, string value, int layer)
    {
        var node = graph.ProducerOf(value);
        while (node.OpType == "Transpose") node = graph.ProducerOf(node.Inputs[0]);
        return node.OpType == "Reshape" ? node.Outputs[0] : throw Fail(graph, layer, $"'{value}' does not come from a per-head Reshape");
    }

    private static string OtherInput(GraphNetwork graph, string sum, string known)
    {
        var add = graph.ProducerOf(sum);
        return add.OpType == "Add" && add.Inputs.Count == 2 && add.Inputs.Contains(known)
            ? add.Inputs.First(i => i != known)
            : throw new ModelLoadException(graph.ModelName, add.Name, $"expected a residual Add of '{known}' and a branch, found {add}");
    }

    private static GraphNode? Consumer(GraphNetwork graph, string value, string opType) =>
        graph.ConsumersOf(value).FirstOrDefault(n => n.OpType == opType);

    private static ModelLoadException Fail(GraphNetwork graph, int layer, string problem) =>
        new(graph.ModelName, $"block {layer}", problem);
}
