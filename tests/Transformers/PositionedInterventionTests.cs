using CircuitSpec.Errors;
using CircuitSpec.Models.Transformers;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Transformers;

/// <summary>Every intervention kind on a head and on a neuron, also limited to token positions, on MiniLM.</summary>
public sealed class PositionedInterventionTests
{
    private static readonly string[] Texts = ["When Mary and John went to the store, John gave a drink to Mary.", "The cat sat on the mat."];

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void A_change_limited_to_a_token_changes_the_head_only_there()
    {
        using var scope = NewDisposeScope();
        using var model = SentenceTransformer.MiniLM();
        var batch = model.Tokenize(Texts);
        var head = model.Head(2, 5);
        var at = batch.PositionsOf("john");
        using var clean = model.RunWithCache(batch, [head.ZPoint, "ln_final"]);
        using var zeroed = model.RunWithCache(batch, [head.ZPoint, "ln_final"], head.Zeroed(at));
        var changedPositions = (zeroed[head.ZPoint] - clean[head.ZPoint]).abs().amax([2, 3]).GreaterThan(0);
        var johns = tensor(at.Rows.SelectMany(r => r).ToArray(), [2, batch.Length]);
        Same(changedPositions, johns & clean[head.ZPoint].select(2, 5).abs().amax([2]).GreaterThan(0)).Should().BeTrue("only the head's output at 'john' changed");
        Same(zeroed["ln_final"][1], clean["ln_final"][1]).Should().BeTrue("the second text has no 'john'");
        (zeroed["ln_final"][0] - clean["ln_final"][0]).abs().max().AsDouble().Should().BeGreaterThan(0);

        var last = batch.Position(-1);
        last.Rows[1].Count(x => x).Should().Be(1);
        batch.Tokens[1][Array.IndexOf(last.Rows[1], true)].Should().Be("[SEP]");
        var missing = () => batch.PositionsOf("zebra");
        missing.Should().Throw<CircuitSpecException>().WithMessage("*zebra*");
    }

    [Fact]
    public void Mean_resample_and_patch_act_on_a_head_and_resampling_is_fixed_by_its_seed()
    {
        using var scope = NewDisposeScope();
        using var model = SentenceTransformer.MiniLM();
        var batch = model.Tokenize(Texts);
        var head = model.Head(3, 1);
        var reference = TextStimuli.RepeatedRandomTokens(model.Tokenizer, length: (batch.Length - 2) / 2, count: 5, seed: 2).Batch(model.Tokenizer);
        reference.Length.Should().Be(batch.Length, "the longest text has an even number of tokens, so the pool matches it");
        using var pool = model.RunWithCache(reference, [head.ZPoint]);
        using var clean = model.RunWithCache(batch, [head.ZPoint, "ln_final"]);
        var names = new[] { head.ZPoint, "ln_final" };
        var resample = head.Resampled(pool, texts: 2, seed: 4);
        using var first = model.RunWithCache(batch, names, resample);
        using var again = model.RunWithCache(batch, names, resample);
        Same(first["ln_final"], again["ln_final"]).Should().BeTrue("reusing a resample repeats its draws");
        (first["ln_final"] - clean["ln_final"]).abs().max().AsDouble().Should().BeGreaterThan(0);
        var drawn = first[head.ZPoint].select(2, 1);
        Enumerable.Range(0, 5).Count(r => Same(drawn[0], pool[head.ZPoint].select(2, 1)[r])).Should().Be(1, "text 0 carries one reference text's head output");
        var shorter = model.Tokenize("A cat.");
        var wrongLength = () => model.RunWithCache(shorter, names, head.Resampled(pool, texts: 1));
        wrongLength.Should().Throw<CircuitSpecException>().WithMessage("*tokens per text*");
        using var meaned = model.RunWithCache(batch, names, head.MeanAblated(pool, reference.Inputs()["attention_mask"]));
        var z = meaned[head.ZPoint].select(2, 1);
        (z[0, 0] - z[1, 3]).abs().max().AsDouble().Should().BeLessThan(1e-6, "every position gets the same mean");
        using var patched = model.RunWithCache(batch, names, head.Zeroed(), head.PatchedFrom(clean, batch.Position(0)));
        Same(patched[head.ZPoint].select(2, 1).select(1, 0), clean[head.ZPoint].select(2, 1).select(1, 0)).Should().BeTrue("position 0 patched back");
        patched[head.ZPoint].select(2, 1).select(1, 1).abs().max().AsDouble().Should().Be(0, "the rest stays zeroed");
    }

    [Fact]
    public void A_neuron_can_be_zeroed_or_clamped_at_a_token()
    {
        using var scope = NewDisposeScope();
        using var model = SentenceTransformer.MiniLM();
        var batch = model.Tokenize(Texts);
        var neuron = model.Neuron(2, 100);
        var at = batch.PositionsOf("[CLS]");
        using var clamped = model.RunWithCache(batch, [neuron.Point], neuron.ClampedTo(5, at));
        (neuron.Read(clamped)[.., 0] == tensor(5f)).all().item<bool>().Should().BeTrue();
        using var clean = model.RunWithCache(batch, [neuron.Point]);
        Same(neuron.Read(clamped)[.., 1..], neuron.Read(clean)[.., 1..]).Should().BeTrue("only [CLS] was clamped");
        using var zeroed = model.RunWithCache(batch, [neuron.Point], neuron.Zeroed(at));
        neuron.Read(zeroed)[.., 0].abs().max().AsDouble().Should().Be(0);
    }

    [Fact]
    public void A_neurons_mean_resample_and_patch_and_a_residual_direction_projected_out()
    {
        using var scope = NewDisposeScope();
        using var model = SentenceTransformer.MiniLM();
        var batch = model.Tokenize(Texts);
        var neuron = model.Neuron(3, 42);
        var reference = TextStimuli.RepeatedRandomTokens(model.Tokenizer, length: (batch.Length - 2) / 2, count: 4, seed: 5).Batch(model.Tokenizer);
        using var pool = model.RunWithCache(reference, [neuron.Point]);
        using var clean = model.RunWithCache(batch, [neuron.Point, "blocks.3.hook_resid_post"]);

        using var meaned = model.RunWithCache(batch, [neuron.Point], neuron.MeanAblated(pool, reference.Inputs()["attention_mask"]));
        var values = neuron.Read(meaned);
        (values - values[0, 0]).abs().max().AsDouble().Should().BeLessThan(1e-6, "one mean everywhere");
        var resample = neuron.Resampled(pool, texts: 2, seed: 1);
        using var first = model.RunWithCache(batch, [neuron.Point], resample);
        using var again = model.RunWithCache(batch, [neuron.Point], resample);
        Same(neuron.Read(first), neuron.Read(again)).Should().BeTrue();
        Enumerable.Range(0, 4).Count(r => Same(neuron.Read(first)[1], neuron.Read(pool)[r])).Should().Be(1);
        using var patched = model.RunWithCache(batch, [neuron.Point], neuron.Zeroed(), neuron.PatchedFrom(clean));
        Same(neuron.Read(patched), neuron.Read(clean)).Should().BeTrue();

        var resid = clean["blocks.3.hook_resid_post"];
        var direction = model.Direction("blocks.3.hook_resid_post", resid.mean([0, 1]).data<float>().ToArray(), "mean residual");
        direction.Read(clean).abs().max().AsDouble().Should().BeGreaterThan(0.1);
        using var projected = model.RunWithCache(batch, ["blocks.3.hook_resid_post"], direction.ProjectedOut());
        direction.Read(projected).abs().max().AsDouble().Should().BeLessThan(1e-4, "the component along it is gone");
        var u = resid.mean([0, 1]) / resid.mean([0, 1]).norm();
        var removed = resid - resid.matmul(u).unsqueeze(-1) * u;
        (projected["blocks.3.hook_resid_post"] - removed).abs().max().AsDouble().Should().BeLessThan(1e-4, "and nothing else");
        var zero = () => model.Direction("blocks.3.hook_resid_post", new float[384]);
        zero.Should().Throw<CircuitSpecException>().WithMessage("*not all zero*");
    }
}
