using CircuitSpec.Models.Transformers;
using CircuitSpec.Models.Zoo;

namespace CircuitSpec.Tests.Transformers;

/// <summary>A head's attention summarized (what <c>circuitspec probe minilm blocks.L.attn:H</c> draws).</summary>
public sealed class AttentionProfileTests(ITestOutputHelper output)
{
    [Fact]
    public void A_heads_profile_accounts_for_all_its_attention_and_tells_heads_apart()
    {
        using var model = ModelZoo.Transformer("minilm");
        var batch = TextStimuli.RepeatedRandomTokens(model.Tokenizer, length: 12, count: 6, seed: 1).Batch(model.Tokenizer);
        var profiles = Enumerable.Range(0, model.Heads).Select(h => AttentionProfile.Measure(model.Head(1, h), batch)).ToList();
        foreach (var p in profiles)
        {
            output.WriteLine(p.ToString());
            p.Queries.Should().Be(6 * 26, "every real token of every sequence is a query");
            p.ByOffset.Values.Sum().Should().BeApproximately(1, 1e-6, "each query's attention sums to one over all offsets");
            p.ToSelf.Should().BeApproximately(p.ByOffset[0], 1e-12);
            (p.ToCls + p.ToSep).Should().BeLessThanOrEqualTo(1 + 1e-9);
        }
        profiles.Select(p => p.StrongestOffset).Distinct().Should().HaveCountGreaterThan(1, "the heads of one layer do not all attend alike");
    }

    [Fact]
    public void The_zoo_names_its_transformers_and_will_not_hand_one_out_as_an_image_model()
    {
        ModelZoo.Names.Should().Contain(["minilm", "arctic-xs"]);
        var act = () => ModelZoo.Load("minilm");
        act.Should().Throw<Errors.CircuitSpecException>().WithMessage("*transformer*token batches*ModelZoo.Transformer(\"minilm\")*");
    }
}
