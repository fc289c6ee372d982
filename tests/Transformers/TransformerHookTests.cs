using CircuitSpec.Errors;
using CircuitSpec.Models.Transformers;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Transformers;

/// <summary>
/// TransformerLens hook names found by structure on both real transformers: every name is there with its shape, the
/// names obey the residual stream's arithmetic, and zeroing a head or a neuron changes only what is downstream of it.
/// </summary>
public sealed class TransformerHookTests
{
    private static readonly string[] Texts = ["The cat sat on the mat.", "When Mary and John went to the store, John gave a drink to Mary."];

    public static TheoryData<string> Models() => ["minilm", "arctic-xs"];

    private static SentenceTransformer Load(string name) => name == "minilm" ? SentenceTransformer.MiniLM() : SentenceTransformer.ArcticXs();

    private static IEnumerable<string> BlockHooks(int l) =>
    [
        $"blocks.{l}.hook_resid_pre", $"blocks.{l}.hook_resid_mid", $"blocks.{l}.hook_normalized_resid_mid", $"blocks.{l}.hook_attn_out",
        $"blocks.{l}.hook_resid_post", $"blocks.{l}.hook_normalized_resid_post", $"blocks.{l}.hook_mlp_out",
        $"blocks.{l}.attn.hook_q", $"blocks.{l}.attn.hook_k", $"blocks.{l}.attn.hook_v", $"blocks.{l}.attn.hook_z",
        $"blocks.{l}.attn.hook_attn_scores", $"blocks.{l}.attn.hook_pattern", $"blocks.{l}.mlp.hook_pre", $"blocks.{l}.mlp.hook_post",
    ];

    [Theory]
    [MemberData(nameof(Models))]
    public void Every_hook_point_is_found_with_its_shape_and_the_names_obey_the_residual_streams_arithmetic(string name)
    {
        using var scope = NewDisposeScope();
        using var model = Load(name);
        model.Blocks.Should().Be(6);
        model.Heads.Should().Be(12);
        var batch = model.Tokenize(Texts);
        var names = new[] { "embed", "ln_final" }.Concat(Enumerable.Range(0, 6).SelectMany(BlockHooks)).ToList();
        using var cache = model.RunWithCache(batch, new ForwardPlan { Captures = names });
        var (b, t) = ((long)batch.Count, (long)batch.Length);

        for (var l = 0; l < 6; l++)
        {
            string H(string hook) => $"blocks.{l}.{hook}";
            foreach (var hook in new[] { "attn.hook_q", "attn.hook_k", "attn.hook_v", "attn.hook_z" })
                cache[H(hook)].shape.Should().Equal([b, t, 12, 32], hook);
            cache[H("attn.hook_pattern")].shape.Should().Equal([b, 12, t, t]);
            cache[H("mlp.hook_pre")].shape.Should().Equal([b, t, 1536]);
            cache[H("hook_resid_pre")].shape.Should().Equal([b, t, 384]);
            Close.Relative(cache[H("hook_resid_mid")], cache[H("hook_resid_pre")].Plus(cache[H("hook_attn_out")])).Should().BeLessThan(1e-5, "resid_mid = resid_pre + attn_out");
            Close.Relative(cache[H("hook_resid_post")], cache[H("hook_normalized_resid_mid")].Plus(cache[H("hook_mlp_out")]))
                .Should().BeLessThan(1e-5, "resid_post = normalized resid_mid + mlp_out (post-LN)");
            var pre = cache[H("mlp.hook_pre")];
            Close.Relative(cache[H("mlp.hook_post")], pre.Times(0.5) * pre.DividedBy(Math.Sqrt(2)).erf().Plus(1)).Should().BeLessThan(1e-5, "hook_post is the GELU of hook_pre");
            var pattern = cache[H("attn.hook_pattern")];
            Close.Relative(pattern.sum(-1), ones_like(pattern.sum(-1))).Should().BeLessThan(1e-5, "each query's attention sums to one");
            var padded = batch.Mask[0].Select((m, i) => (m, i)).Where(p => p.m == 0).Select(p => (long)p.i).ToArray();
            padded.Should().NotBeEmpty("the first text is the shorter one");
            pattern[0].index_select(-1, tensor(padded)).max().AsDouble().Should().BeLessThan(1e-6, "no query attends to padding");
            if (l < 5) Same(cache[H("hook_normalized_resid_post")], cache[$"blocks.{l + 1}.hook_resid_pre"]).Should().BeTrue();
        }
        Same(cache["embed"], cache["blocks.0.hook_resid_pre"]).Should().BeTrue();
        Close.Relative(cache["ln_final"], model.TokenStates(batch)).Should().Be(0, "ln_final is the last hidden state");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Zeroing_a_head_changes_only_what_is_downstream_of_it(string name)
    {
        using var scope = NewDisposeScope();
        using var model = Load(name);
        var batch = model.Tokenize(Texts);
        var names = new[] { "blocks.1.hook_resid_post", "blocks.2.attn.hook_pattern", "blocks.2.attn.hook_z", "blocks.2.hook_attn_out", "blocks.3.attn.hook_pattern", "ln_final" };
        using var clean = model.RunWithCache(batch, names);
        var head = model.Head(2, 5);
        using var zeroed = model.RunWithCache(batch, names, head.Zeroed());

        Same(zeroed["blocks.1.hook_resid_post"], clean["blocks.1.hook_resid_post"]).Should().BeTrue("block 1 is upstream");
        Same(zeroed["blocks.2.attn.hook_pattern"], clean["blocks.2.attn.hook_pattern"]).Should().BeTrue("the head's own pattern is computed before its output");
        var z = zeroed["blocks.2.attn.hook_z"];
        z.select(2, 5).abs().max().AsDouble().Should().Be(0);
        var others = Enumerable.Range(0, 12).Where(h => h != 5).Select(h => (long)h).ToArray();
        Same(z.index_select(2, tensor(others)), clean["blocks.2.attn.hook_z"].index_select(2, tensor(others))).Should().BeTrue("the other heads are untouched");
        Close.Relative(zeroed["blocks.2.hook_attn_out"], clean["blocks.2.hook_attn_out"]).Should().BeGreaterThan(1e-3, "the head writes into the block's output");
        Close.Relative(zeroed["blocks.3.attn.hook_pattern"], clean["blocks.3.attn.hook_pattern"]).Should().BeGreaterThan(1e-4, "later blocks read it");
        Close.Relative(zeroed["ln_final"], clean["ln_final"]).Should().BeGreaterThan(1e-4);

        // Patching the head back from the clean run restores every later value.
        using var patched = model.RunWithCache(batch, names, head.Zeroed(), head.PatchedFrom(clean));
        Close.Relative(patched["ln_final"], clean["ln_final"]).Should().BeLessThan(1e-6);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Zeroing_a_neuron_changes_its_channel_and_what_follows_not_the_attention_before_it(string name)
    {
        using var scope = NewDisposeScope();
        using var model = Load(name);
        var batch = model.Tokenize(Texts);
        var names = new[] { "blocks.1.hook_attn_out", "blocks.1.mlp.hook_post", "blocks.1.hook_mlp_out" };
        using var clean = model.RunWithCache(batch, names);
        var neuron = model.Neuron(1, 7);
        using var zeroed = model.RunWithCache(batch, names, neuron.Zeroed());
        Same(zeroed["blocks.1.hook_attn_out"], clean["blocks.1.hook_attn_out"]).Should().BeTrue();
        neuron.Read(zeroed).abs().max().AsDouble().Should().Be(0);
        neuron.Read(clean).abs().max().AsDouble().Should().BeGreaterThan(0, "the neuron is active somewhere on these texts");
        var post = zeroed["blocks.1.mlp.hook_post"].clone();
        post.select(-1, 7).copy_(clean["blocks.1.mlp.hook_post"].select(-1, 7));
        Same(post, clean["blocks.1.mlp.hook_post"]).Should().BeTrue("only channel 7 changed");
        Close.Relative(zeroed["blocks.1.hook_mlp_out"], clean["blocks.1.hook_mlp_out"]).Should().BeGreaterThan(0);
    }

    [Fact]
    public void A_head_or_block_that_does_not_exist_is_refused_with_the_valid_range()
    {
        using var model = SentenceTransformer.MiniLM();
        var act = () => model.Head(6, 0);
        act.Should().Throw<CircuitSpecException>().WithMessage("*blocks 0..5*");
        act = () => model.Head(0, 12);
        act.Should().Throw<CircuitSpecException>().WithMessage("*heads 0..11*");
        var unknown = () => model.Graph.Resolve("blocks.0.attn.hook_patern");
        unknown.Should().Throw<UnknownPointException>().WithMessage("*blocks.0.attn.hook_pattern*");
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
