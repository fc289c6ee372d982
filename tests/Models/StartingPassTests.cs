using CircuitSpec.Models.Transformers;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>
/// A pass that starts from a point's known activation (<see cref="ForwardPlan.StartingFrom"/>) computes what follows
/// as the whole pass does, without running the layers that lead only to that point, and leaves the value the caller's.
/// </summary>
[Collection(nameof(ResNet18Collection))]
public sealed class StartingPassTests(ResNet18Fixture fixture)
{
    [Fact]
    public void Started_from_layer2_a_pass_gives_the_whole_passes_output_and_never_reads_the_images()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var batch = Seeded.Normal([2, 3, 224, 224], seed: 11);
        var whole = model.Execute(batch, new ForwardPlan().Capturing("layer2", "layer3"));
        var layer2 = whole.Captured[model.Resolve("layer2")].clone();

        // Images of the wrong shape: any layer before layer2 that ran would fail on them.
        var nonsense = zeros(1, 1, 4, 4);
        var started = model.Execute(nonsense, new ForwardPlan().StartingFrom("layer2", layer2).Capturing("layer3"));
        Close.Relative(started.Output!, whole.Output!).Should().Be(0, "the same layers ran on the same values");
        Close.Relative(started.Captured[model.Resolve("layer3")], whole.Captured[model.Resolve("layer3")]).Should().Be(0);
        layer2.IsInvalid.Should().BeFalse("the starting value stays the caller's");
        layer2.sum().AsDouble().Should().BeApproximately(whole.Captured[model.Resolve("layer2")].sum().AsDouble(), 1e-6);
    }

    [Fact]
    public void A_change_and_a_fan_out_at_the_start_apply_to_its_value()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var batch = Seeded.Normal([2, 3, 224, 224], seed: 12);
        var layer2 = model.Execute(batch, new ForwardPlan().Capturing("layer2").StoppingAfterCaptures()).Captured[model.Resolve("layer2")].clone();
        Tensor Halved(Tensor a) => a.Times(0.5);

        var changed = model.Execute(batch, new ForwardPlan().Changing("layer2", Halved)).Output!;
        var started = model.Execute(batch, new ForwardPlan { FanOut = new FanOut("layer2", 2) }.StartingFrom("layer2", layer2).Changing("layer2", Halved)).Output!;
        started.shape[0].Should().Be(2 * changed.shape[0], "the batch is repeated at the start");
        Close.Relative(started.narrow(0, 0, 2), changed).Should().BeLessThan(1e-6);
        Close.Relative(started.narrow(0, 2, 2), changed).Should().BeLessThan(1e-6);
    }

    [Fact]
    public void A_transformer_started_mid_way_still_computes_the_attention_mask_from_its_inputs()
    {
        using var scope = NewDisposeScope();
        using var model = SentenceTransformer.MiniLM();
        var batch = model.Tokenize("The cat sat on the mat.", "A much longer sentence, so that the first one is padded.");
        using var whole = model.RunWithCache(batch, new ForwardPlan { Captures = ["blocks.2.hook_resid_post", "blocks.4.hook_resid_post"] });
        var resid = whole["blocks.2.hook_resid_post"].clone();
        using var started = model.RunWithCache(batch, new ForwardPlan { Captures = ["blocks.4.hook_resid_post"] }.StartingFrom("blocks.2.hook_resid_post", resid));
        Close.Relative(started["blocks.4.hook_resid_post"], whole["blocks.4.hook_resid_post"]).Should().Be(0, "the later blocks read the same residual stream and mask");
    }
}
