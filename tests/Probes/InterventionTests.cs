using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Models;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Probes;

/// <summary>Interventions on the real ResNet-18: each kind does what it says, where it says, and nothing upstream.</summary>
[Collection(nameof(ResNet18Collection))]
public sealed class InterventionTests(ResNet18Fixture fixture)
{
    private static Tensor Images(int n = 2, ulong seed = 21) => Seeded.Normal([n, 3, 224, 224], seed: seed).Times(50);

    [Fact]
    public void A_zeroed_unit_reads_zero_downstream_of_itself_and_changes_nothing_upstream()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var images = Images();
        var unit = model.Unit("layer1.0.relu:7");
        string[] points = ["maxpool", "layer1.0.relu", "layer1.0.conv2", "layer1"];
        using var baseline = model.RunWithCache(images, points);
        using var ablated = model.RunWithCache(images, points, unit.Zeroed());

        Same(ablated["maxpool"], baseline["maxpool"]).Should().BeTrue("an upstream layer cannot see the ablation");
        ablated["layer1.0.relu"][.., 7].abs().max().AsDouble().Should().Be(0, "the ablated channel reads zero");
        var others = Enumerable.Range(0, 64).Where(c => c != 7).Select(c => (long)c).ToArray();
        Same(ablated["layer1.0.relu"].index_select(1, tensor(others)), baseline["layer1.0.relu"].index_select(1, tensor(others)))
            .Should().BeTrue("the other channels of the layer are untouched");
        Same(ablated["layer1.0.conv2"], baseline["layer1.0.conv2"]).Should().BeFalse("the next convolution reads the ablated channel");

        // Removing channel 7's contribution by hand: conv2 changes by exactly minus its weights applied to channel 7.
        var conv = model.ProducerOf("layer1.0.conv2");
        var w7 = model.Initializers[conv.Inputs[1]][.., 7..8];
        var contribution = nn.functional.conv2d(baseline["layer1.0.relu"][.., 7..8], w7, padding: [1, 1]);
        Close.Relative(ablated["layer1.0.conv2"], baseline["layer1.0.conv2"] - contribution).Should().BeLessThan(1e-5);
    }

    [Fact]
    public void Clamping_scaling_and_zeroing_at_a_position_change_only_what_they_name()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var images = Images();
        var unit = model.Unit("layer2.0:3");
        using var baseline = model.RunWithCache(images, "layer2.0");
        using (var clamped = model.RunWithCache(images, ["layer2.0"], unit.ClampedTo(2.5)))
            (clamped["layer2.0"][.., 3] == tensor(2.5f)).all().AsBoolean().Should().BeTrue();
        using (var scaled = model.RunWithCache(images, ["layer2.0"], unit.Scaled(3)))
            scaled["layer2.0"][.., 3].allclose(baseline["layer2.0"][.., 3].Times(3)).Should().BeTrue();
        using (var spot = model.RunWithCache(images, ["layer2.0"], unit.Zeroed().At((5, 9))))
        {
            spot["layer2.0"][.., 3, 9, 5].abs().max().AsDouble().Should().Be(0);
            var changed = spot["layer2.0"].ne(baseline["layer2.0"]).sum().AsLong();
            var wasNonZero = baseline["layer2.0"][.., 3, 9, 5].ne(HeldScalars.Zero).sum().AsLong();
            changed.Should().Be(wasNonZero, "only channel 3 at x=5, y=9 changes");
        }
    }

    [Fact]
    public void Mean_ablation_puts_the_reference_mean_in_place()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var reference = Images(5, seed: 3);
        var unit = model.Unit("layer3.0:17");
        using var referenceCache = model.RunWithCache(reference, "layer3.0");
        var mean = referenceCache["layer3.0"][.., 17].mean([0]);
        using var ablation = unit.MeanAblated(over: reference);
        using var ablated = model.RunWithCache(Images(2), ["layer3.0"], ablation);
        ablated["layer3.0"][0, 17].allclose(mean, rtol: 1e-5, atol: 1e-6).Should().BeTrue();
        ablated["layer3.0"][1, 17].allclose(mean, rtol: 1e-5, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void Resampling_draws_each_examples_values_from_the_reference_set_repeatably()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var sources = Images(3, seed: 4);
        var unit = model.Unit("layer2.1:9");
        using var sourceCache = model.RunWithCache(sources, "layer2.1");
        var candidates = Enumerable.Range(0, 3).Select(i => sourceCache["layer2.1"][i, 9]).ToList();

        Tensor Resampled(int seed)
        {
            using var ablation = unit.Resampled(from: sources, seed: seed);
            using var cache = model.RunWithCache(Images(4), ["layer2.1"], ablation);
            return cache["layer2.1"][.., 9].clone();
        }

        var first = Resampled(seed: 1);
        for (var i = 0; i < 4; i++)
            candidates.Should().Contain(c => c.allclose(first[i], 1e-5, 1e-6), $"example {i} takes a reference example's map");
        Same(Resampled(seed: 1), first).Should().BeTrue("the same seed draws the same examples");

        // One intervention run twice draws the same examples both times: its draws are fixed by its seed, not by its history.
        using var reused = unit.Resampled(from: sources, seed: 1);
        Tensor Run()
        {
            using var cache = model.RunWithCache(Images(4), ["layer2.1"], reused);
            return cache["layer2.1"][.., 9].clone();
        }
        Same(Run(), first).Should().BeTrue("the first run of the reused intervention");
        Same(Run(), first).Should().BeTrue("its second run draws the same examples again");
    }

    [Fact]
    public void Projecting_out_a_direction_removes_its_component_and_keeps_the_orthogonal_rest()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var vector = Enumerable.Range(0, 64).Select(i => (float)Math.Sin(i)).ToArray();
        var direction = model.Direction("layer1", vector, "sine");
        var images = Images();
        using var baseline = model.RunWithCache(images, "layer1");
        using var projected = model.RunWithCache(images, ["layer1"], direction.ProjectedOut());

        direction.Map(baseline["layer1"]).abs().max().AsDouble().Should().BeGreaterThan(1);
        direction.Map(projected["layer1"]).abs().max().AsDouble().Should().BeLessThan(1e-4);
        var unitVector = tensor(direction.UnitVector.ToArray()).reshape(1, 64, 1, 1);
        var removed = baseline["layer1"] - projected["layer1"];
        var component = direction.Map(baseline["layer1"]).unsqueeze(1) * unitVector;
        removed.allclose(component, rtol: 1e-4, atol: 1e-4).Should().BeTrue("exactly the component along the direction is removed");
    }

    [Fact]
    public void Patching_a_whole_layer_from_another_run_reproduces_that_runs_output()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var (a, b) = (Images(2, seed: 8), Images(2, seed: 9));
        using var cacheB = model.RunWithCache(b, "layer4");
        using var patch = model.Layer("layer4").PatchedFrom(cacheB);
        var patched = model.Run(a, patch);
        Close.Relative(patched, model.Run(b)).Should().BeLessThan(1e-5, "everything after layer4 depends on layer4 alone");
        Close.Relative(patched, model.Run(a)).Should().BeGreaterThan(1e-3);
    }

    [Fact]
    public void Several_interventions_compose_in_one_run()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var images = Images();
        using var both = model.RunWithCache(images, ["layer2.0"], model.Unit("layer2.0:1").Zeroed(), model.Unit("layer2.0:2").Scaled(-1),
            model.Unit("layer2.0:2").Scaled(2));
        using var baseline = model.RunWithCache(images, "layer2.0");
        both["layer2.0"][.., 1].abs().max().AsDouble().Should().Be(0);
        both["layer2.0"][.., 2].allclose(baseline["layer2.0"][.., 2].Times(-2)).Should().BeTrue("interventions on one layer apply in order");
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().AsBoolean();

    [Fact]
    public void A_family_spanning_layers_is_refused_with_a_reason()
    {
        var family = fixture.Model.Family("two layers", "layer1:1", "layer2:1");
        var act = () => family.Zeroed();
        act.Should().Throw<Errors.CircuitSpecException>().WithMessage("*spans several layers (layer1, layer2)*one intervention per layer*");
    }
}
