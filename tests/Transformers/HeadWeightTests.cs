using CircuitSpec.Models.Transformers;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Transformers;

/// <summary>
/// The weights view of heads on MiniLM, checked against the model's own run: per-head projections reproduce hook_q/k/v,
/// the QK circuit reproduces the attention scores' bilinear part, the heads' results add up to the attention output.
/// </summary>
public sealed class HeadWeightTests(ITestOutputHelper output)
{
    [Fact]
    public void Per_head_weights_reproduce_the_models_own_queries_keys_scores_and_attention_output()
    {
        using var scope = NewDisposeScope();
        using var model = SentenceTransformer.MiniLM();
        var batch = model.Tokenize("When Mary and John went to the store, John gave a drink to Mary.");
        const int layer = 3;
        string H(string hook) => $"blocks.{layer}.{hook}";
        using var cache = model.RunWithCache(batch, new ForwardPlan
        {
            Captures = [H("hook_resid_pre"), H("attn.hook_q"), H("attn.hook_k"), H("attn.hook_z"), H("attn.hook_attn_scores"), H("hook_attn_out")],
        });
        var x = cache[H("hook_resid_pre")][0];
        var sum = model.OutputBias(layer).clone();
        for (var h = 0; h < 12; h++)
        {
            var head = model.Head(layer, h);
            head.QueryWeights().shape.Should().Equal([384, 32]);
            head.OutputWeights().shape.Should().Equal([32, 384]);
            var q = cache[H("attn.hook_q")][0].select(1, h);
            var k = cache[H("attn.hook_k")][0].select(1, h);
            Close.Relative(x.matmul(head.QueryWeights()).Plus(head.QueryBias()), q).Should().BeLessThan(1e-5, $"head {h}'s W_Q and b_Q give its queries");
            Close.Relative(x.matmul(head.KeyWeights()).Plus(head.KeyBias()), k).Should().BeLessThan(1e-5);
            // x · QK · xᵀ is the score without the biases' terms: (q − b_Q)(k − b_K)ᵀ from the model's own run.
            Close.Relative(x.matmul(head.QK()).matmul(x.t()), (q - head.QueryBias()).matmul((k - head.KeyBias()).t())).Should().BeLessThan(1e-4);
            sum = sum.Plus(head.Result(cache)[0]);
        }
        Close.Relative(sum, cache[H("hook_attn_out")][0]).Should().BeLessThan(1e-5, "attn_out is the sum of the heads' results plus W_O's bias");
    }

    [Fact]
    public void Composition_scores_are_normalised_run_from_earlier_to_later_heads_and_differ_between_pairs()
    {
        using var scope = NewDisposeScope();
        using var model = SentenceTransformer.MiniLM();
        var scores = new List<(string Pair, double Q, double K, double V)>();
        for (var a = 0; a < 12; a++)
            for (var b = 0; b < 12; b++)
            {
                var (earlier, later) = (model.Head(0, a), model.Head(1, b));
                scores.Add(($"{earlier.Label} → {later.Label}", Composition.Q(earlier, later), Composition.K(earlier, later), Composition.V(earlier, later)));
            }
        var strongest = scores.MaxBy(s => s.K)!;
        output.WriteLine($"strongest K-composition 0 → 1: {strongest.Pair} {strongest.K:F3}; median {scores.Select(s => s.K).Order().ElementAt(scores.Count / 2):F3}");
        scores.Should().OnlyContain(s => s.Q > 0 && s.Q < 1 && s.K > 0 && s.K < 1 && s.V > 0 && s.V < 1);
        (scores.Max(s => s.K) - scores.Min(s => s.K)).Should().BeGreaterThan(0.01, "pairs of heads compose to different degrees");
        var scaled = Composition.Score(model.Head(0, 0).OV().Times(7), model.Head(1, 0).QK());
        scaled.Should().BeApproximately(Composition.Q(model.Head(0, 0), model.Head(1, 0)), 1e-5, "the score does not depend on the weights' scale");
        var backwards = () => Composition.K(model.Head(1, 0), model.Head(0, 0));
        backwards.Should().Throw<Errors.CircuitSpecException>().WithMessage("*not in a layer before*");
    }
}
