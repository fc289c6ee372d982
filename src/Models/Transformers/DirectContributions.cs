using CircuitSpec.Errors;
using CircuitSpec.Models.Graph;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// What each component writes, along the residual stream's direct path, into the pooled sentence embedding: the
/// embeddings, every head's result, the attention and layer-norm biases and every MLP's output. In a post-LN encoder
/// every layer norm divides the whole residual by its spread at that position; with the spreads of the run frozen
/// (TransformerLens's way of attributing through a layer norm) each norm is linear, so the final residual is exactly
/// the sum of the components carried through the norms after them. A component's share is its pooled part projected
/// on the pooled embedding, over the embedding's squared length: the shares add up to one.
/// </summary>
public sealed record DirectContributions(SentenceTransformer Model, IReadOnlyDictionary<string, double> Shares, Tensor FinalResidual) : IDisposable
{
    /// <summary>A head's share of the pooled embedding (averaged over the batch's texts).</summary>
    public double Of(AttentionHead head) => Shares[head.Label];

    public static DirectContributions Measure(SentenceTransformer model, TokenBatch batch)
    {
        using var scope = NewDisposeScope();
        var names = new List<string> { "embed", "ln_final" };
        for (var l = 0; l < model.Blocks; l++)
            names.AddRange([$"blocks.{l}.attn.hook_z", $"blocks.{l}.hook_resid_mid", $"blocks.{l}.hook_resid_post", $"blocks.{l}.hook_mlp_out"]);
        using var cache = model.RunWithCache(batch, new ForwardPlan { Captures = names, WantsOutput = false });
        var components = new List<(string Name, Tensor Value)> { ("embed", cache["embed"]) };
        for (var l = 0; l < model.Blocks; l++)
        {
            for (var h = 0; h < model.Heads; h++)
                components.Add((model.Head(l, h).Label, model.Head(l, h).Result(cache)));
            components.Add(($"blocks.{l}.attn.b_O", model.OutputBias(l).expand_as(cache["embed"])));
            components = ThroughNorm(model.Graph, components, cache[$"blocks.{l}.hook_resid_mid"], model.Graph.Resolve($"blocks.{l}.hook_normalized_resid_mid"), $"blocks.{l}.ln1.b");
            components.Add(($"blocks.{l}.mlp_out", cache[$"blocks.{l}.hook_mlp_out"]));
            components = ThroughNorm(model.Graph, components, cache[$"blocks.{l}.hook_resid_post"], model.Graph.Resolve($"blocks.{l}.hook_normalized_resid_post"), $"blocks.{l}.ln2.b");
        }
        Tensor Pool(Tensor x) => model.Pool(x, batch);
        var pooled = Pool(cache["ln_final"]);
        var length = pooled.Squared().sum(-1);
        var shares = components.ToDictionary(c => c.Name, c => ((Pool(c.Value) * pooled).sum(-1) / length).mean().item<float>() * 1.0);
        var sum = components.Select(c => c.Value).Aggregate((a, b) => a.Plus(b));
        return new DirectContributions(model, shares, sum.MoveToOuterDisposeScope());
    }

    // y = γ ⊙ (x − mean x) / σ + β with σ = √(var x + ε) from the run: each component is centred and scaled alike.
    private static List<(string, Tensor)> ThroughNorm(GraphNetwork graph, List<(string Name, Tensor Value)> components, Tensor input, string output, string biasName)
    {
        var (gamma, beta, epsilon) = NormWeights(graph, output);
        var sigma = input.var(-1, unbiased: false, keepdim: true).Plus(epsilon).sqrt();
        var carried = components.Select(c => (c.Name, gamma * (c.Value - c.Value.mean([-1L], keepdim: true)) / sigma)).ToList();
        carried.Add((biasName, beta.expand_as(input)));
        return carried;
    }

    // The normalized value is Add(Mul(Div(x − mean, Sqrt(Add(var, ε))), γ), β).
    private static (Tensor Gamma, Tensor Beta, double Epsilon) NormWeights(GraphNetwork graph, string output)
    {
        var shift = graph.ProducerOf(output);
        var scale = shift.Inputs.Where(graph.HasPoint).Select(graph.ProducerOf).FirstOrDefault(n => n.OpType == "Mul");
        var beta = shift.Inputs.Where(graph.Initializers.ContainsKey).Select(i => graph.Initializers[i]).FirstOrDefault();
        var gamma = scale?.Inputs.Where(graph.Initializers.ContainsKey).Select(i => graph.Initializers[i]).FirstOrDefault();
        var div = scale?.Inputs.Where(graph.HasPoint).Select(graph.ProducerOf).FirstOrDefault(n => n.OpType == "Div");
        var sqrt = div is null ? null : graph.ProducerOf(div.Inputs[1]);
        var add = sqrt is null ? null : graph.ProducerOf(sqrt.Inputs[0]);
        var epsilonNode = add?.Inputs.Where(graph.HasPoint).Select(graph.ProducerOf).FirstOrDefault(n => n.OpType == "Constant");
        if (gamma is null || beta is null || epsilonNode?.Operator is not Operators.GraphOperator constant)
            throw new CircuitSpecException($"'{output}' of '{graph.ModelName}' is not a layer norm written as primitives with its weights as initializers.");
        using var value = constant.Run([])[0];
        return (gamma, beta, value.to(ScalarType.Float64).item<double>());
    }

    public void Dispose() => FinalResidual.Dispose();
}
