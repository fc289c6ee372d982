using CircuitSpec.Activations;
using CircuitSpec.Errors;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Models;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CircuitSpec.Tests.Probes;

/// <summary>RunWithCache and Hooks on the real ResNet-18.</summary>
[Collection(nameof(ResNet18Collection))]
public sealed class ActivationCacheTests(ResNet18Fixture fixture)
{
    private static Tensor Images(int n = 2, ulong seed = 11) => Seeded.Normal([n, 3, 224, 224], seed: seed).Times(50);

    [Fact]
    public void The_cache_holds_exactly_the_requested_points_and_they_equal_the_plain_forward()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var images = Images();
        var last = model.PointNames[^1];
        using var cache = model.RunWithCache(images, "conv1", "relu", "maxpool", last);

        cache.Names.Should().BeEquivalentTo(new[] { "conv1", "relu", "maxpool" }.Select(model.Resolve).Append(last));
        Tensor plain;
        using (inference_mode()) plain = model.forward(images);
        cache[last].allclose(plain, rtol: 1e-5, atol: 1e-6).Should().BeTrue("the last point is the model's output");

        // conv1 recomputed by hand from the ONNX initializers (7×7, stride 2, pad 3).
        var conv = model.ProducerOf("conv1");
        var expectedConv = F.conv2d(images, model.Initializers[conv.Inputs[1]], conv.Inputs.Count > 2 ? model.Initializers[conv.Inputs[2]] : null,
            strides: [2, 2], padding: [3, 3]);
        Close.Relative(cache["conv1"], expectedConv).Should().BeLessThan(1e-5);
        var expectedPool = F.max_pool2d(cache["relu"], [3, 3], [2, 2], [1, 1]);
        Close.Relative(cache["maxpool"], expectedPool).Should().BeLessThan(1e-6);
    }

    [Fact]
    public void Cached_tensors_are_detached_owned_by_the_cache_and_survive_the_callers_scope()
    {
        var model = fixture.Model;
        ActivationCache cache;
        using (var scope = NewDisposeScope()) cache = model.RunWithCache(Images(1), "layer1");
        using (cache)
        {
            cache["layer1"].requires_grad.Should().BeFalse();
            cache["layer1"].shape.Should().Equal(1, 64, 56, 56);
            cache["layer1"].sum().AsDouble().Should().BeGreaterThan(0, "the tensor is alive after the scope it was made in");
        }
        var act = () => cache["layer1"];
        act.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void A_run_for_an_early_point_stops_there()
    {
        var model = fixture.Model;
        var laterCalls = 0;
        using var scope = NewDisposeScope();
        using (model.Hooks(("layer4", a => { laterCalls++; return null; })))
        {
            using var cache = model.RunWithCache(Images(1), "layer1");
            laterCalls.Should().Be(0, "nothing after layer1 is needed");
            using var output = model.Run(Images(1));
            laterCalls.Should().Be(1, "a full run reaches layer4");
        }
    }

    [Fact]
    public void Asking_for_a_point_that_was_not_captured_names_what_was()
    {
        using var scope = NewDisposeScope();
        using var cache = fixture.Model.RunWithCache(Images(1), "layer1");
        var act = () => cache["layer2"];
        act.Should().Throw<CircuitSpecException>().WithMessage("*'layer2' was not captured*");
    }

    [Fact]
    public void Hooks_are_removed_when_the_block_ends_also_on_exceptions()
    {
        var model = fixture.Model;
        using var scope = NewDisposeScope();
        var images = Images(1);
        var baseline = model.Run(images);
        var act = () =>
        {
            using (model.Hooks(("layer4", a => a.Times(0)))) throw new InvalidOperationException("inside the block");
        };
        act.Should().Throw<InvalidOperationException>();
        model.Run(images).allclose(baseline).Should().BeTrue("the hook is gone");

        using (model.Hooks(("layer4", a => a.Times(0))))
            model.Run(images).allclose(baseline).Should().BeFalse("inside the block the hook replaces layer4");
    }

    [Fact]
    public void An_unknown_hook_name_registers_nothing()
    {
        var model = fixture.Model;
        var calls = 0;
        var act = () => model.Hooks(("layer1", a => { calls++; return null; }), ("layer9", a => null));
        act.Should().Throw<UnknownPointException>();
        using var scope = NewDisposeScope();
        model.Run(Images(1));
        calls.Should().Be(0);
    }
}
