using CircuitSpec.Models.Transformers;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Transformers;

/// <summary>
/// The direct-path decomposition of the pooled embedding on both real transformers: the components carried through
/// the frozen layer norms add up to the model's own last hidden state, and their shares to one.
/// </summary>
public sealed class DirectContributionTests(ITestOutputHelper output)
{
    public static TheoryData<string> Models() => ["minilm", "arctic-xs"];

    [Theory]
    [MemberData(nameof(Models))]
    public void The_components_add_up_to_the_last_hidden_state_and_their_shares_to_one(string name)
    {
        using var scope = NewDisposeScope();
        using var model = name == "minilm" ? SentenceTransformer.MiniLM() : SentenceTransformer.ArcticXs();
        var batch = model.Tokenize("When Mary and John went to the store, John gave a drink to Mary.", "The cat sat on the mat.");
        using var contributions = DirectContributions.Measure(model, batch);
        var states = model.TokenStates(batch);
        var relative = ((contributions.FinalResidual - states).abs().max() / states.abs().max()).AsDouble();
        relative.Should().BeLessThan(1e-4, "the frozen-norm decomposition is exact");
        contributions.Shares.Values.Sum().Should().BeApproximately(1, 1e-3);
        contributions.Shares.Should().HaveCount(1 + 6 * (12 + 4));
        var heads = contributions.Shares.Where(s => s.Key.Contains(".attn:", StringComparison.Ordinal)).OrderByDescending(s => Math.Abs(s.Value)).Take(3);
        output.WriteLine($"{name}: decomposition error {relative:E1}; strongest heads {string.Join(", ", heads.Select(h => $"{h.Key} {h.Value:+0.000;-0.000}"))}; " +
                         $"last block's norm bias {contributions.Shares["blocks.5.ln2.b"]:F3}, last MLP {contributions.Shares["blocks.5.mlp_out"]:F3}");
        contributions.Of(model.Head(5, 0)).Should().Be(contributions.Shares["blocks.5.attn:0"]);
    }
}

/// <summary>A sweep over a block's heads in one batched pass equals one pass per head.</summary>
public sealed class HeadSweepTests(ITestOutputHelper output)
{
    [Fact]
    public void Zeroing_each_head_in_one_batched_pass_equals_one_pass_per_head()
    {
        using var model = SentenceTransformer.MiniLM();
        var batch = model.Tokenize("When Mary and John went to the store, John gave a drink to Mary.", "The cat sat on the mat.");
        var batched = HeadSweep.ZeroEach(model, batch, layer: 4);
        var sequential = HeadSweep.ZeroEachSequentially(model, batch, layer: 4);
        output.WriteLine(batched.ToString());
        batched.EmbeddingChange.Should().HaveCount(12);
        batched.EmbeddingChange.Zip(sequential.EmbeddingChange).Should().OnlyContain(p => Math.Abs(p.First - p.Second) < 1e-5);
        batched.EmbeddingChange.Max().Should().BeGreaterThan(1e-4, "some head of block 4 matters to the embedding");
        batched.EmbeddingChange.Distinct().Should().HaveCountGreaterThan(6, "heads matter to different degrees");
    }
}
