using CircuitSpec.Activations;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>
/// ResNet-18's convolutions folded with their batch normalizations: taken where a pass asks nothing of the
/// convolution's own output, equal to the unfused graph, and never where a capture, change or hook looks there.
/// </summary>
[Collection(nameof(ResNet18Collection))]
public sealed class FusionTests(ResNet18Fixture fixture)
{
    private IReadOnlyList<string> ConvPoints => fixture.Model.Nodes
        .Where(n => n.OpType == "Conv" && fixture.Model.ConsumersOf(n.Outputs[0]).Any(c => c.OpType == "BatchNormalization")).Select(n => n.Outputs[0]).ToList();

    [Fact]
    public void A_pass_that_does_not_look_between_them_runs_each_convolution_and_its_normalization_as_one()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        model.FusedPairs.Should().Be(ConvPoints.Count).And.BeGreaterThan(15, "every ResNet-18 convolution is followed by a batch normalization");
        var batch = Seeded.Normal([2, 3, 224, 224], seed: 7);

        var fused = model.Execute(batch, new ForwardPlan()).Output!;
        // Capturing every convolution's own output asks for the values a fused pass never makes.
        var unfused = model.Execute(batch, new ForwardPlan { Captures = ConvPoints }).Output!;
        Relative(fused, unfused).Should().BeLessThan(1e-5, "the folded convolutions compute the same function");
        Relative(fused, unfused).Should().BeGreaterThan(0, "the two passes took different paths (a fused pass rounds differently)");
    }

    [Fact]
    public void A_capture_a_change_or_a_hook_at_a_convolution_sees_the_convolutions_own_output()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var conv = ConvPoints[0];
        var norm = model.ConsumersOf(conv).Single().Outputs[0];
        var batch = Seeded.Normal([1, 3, 224, 224], seed: 8);
        using var mode = inference_mode();
        using var cache = model.RunWithCache(batch, conv, norm);
        cache[conv].mean().item<float>().Should().NotBe(cache[norm].mean().item<float>(), "the convolution's output is before its normalization");

        var seen = 0;
        using (model.Hooks((conv, a => { seen++; return null; })))
            model.forward(batch);
        seen.Should().Be(1, "a hook on the convolution is called: the pass is not fused there");

        var zeroed = model.Execute(batch, new ForwardPlan { Changes = [new PointChange(conv, a => zeros_like(a))], Captures = [norm] }).Captured[model.Resolve(norm)];
        zeroed.std([2, 3]).max().item<float>().Should().BeLessThan(1e-6f,
            "a zeroed convolution leaves only the normalization's per-channel shift, the same at every position");
    }

    [Fact]
    public void Gradients_through_the_fused_path_equal_the_unfused_ones()
    {
        using var scope = NewDisposeScope();
        // Code that takes gradients itself asks for zeroed memory, as CircuitSpec's own gradient passes do.
        using var filling = AllocationFilling.ForGradients();
        var model = fixture.Model;
        Tensor Gradient(ForwardPlan plan)
        {
            var image = Seeded.Normal([1, 3, 224, 224], seed: 9).requires_grad_();
            model.Execute(image, plan with { Gradients = true }).Output!.sum().backward();
            return image.grad!.clone();
        }
        var fused = Gradient(new ForwardPlan());
        var unfused = Gradient(new ForwardPlan { Captures = ConvPoints });
        // A ReLU whose input sits within rounding of zero may open on one path and not the other: a few pixels'
        // gradients differ, the gradient as a whole does not.
        Cosine(fused, unfused).Should().BeGreaterThan(0.99999);
        ((fused - unfused).abs().mean() / unfused.abs().mean()).item<float>().Should().BeLessThan(1e-4f);
    }

    [Fact]
    public void A_weight_or_a_statistic_written_in_place_between_passes_is_seen_by_the_next_fused_pass()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var conv = model.ProducerOf(ConvPoints[0]);
        var norm = model.ConsumersOf(conv.Outputs[0]).Single();
        var (weight, mean) = (model.Initializers[conv.Inputs[1]], model.Initializers[norm.Inputs[3]]);
        var (weightAsLoaded, meanAsLoaded) = (weight.clone(), mean.clone());
        var batch = Seeded.Normal([1, 3, 224, 224], seed: 10);
        Tensor Fused() => model.Execute(batch, new ForwardPlan()).Output!;
        Tensor Unfused() => model.Execute(batch, new ForwardPlan { Captures = ConvPoints }).Output!;
        var asLoaded = Fused();
        try
        {
            using (no_grad()) weight[5].zero_();
            var zeroed = Fused();
            Relative(zeroed, asLoaded).Should().BeGreaterThan(1e-3, "one of the first convolution's kernels is zeroed");
            Relative(zeroed, Unfused()).Should().BeLessThan(1e-5, "the fused pass folds the edited weight, as the unfused pass reads it");

            using (no_grad()) mean[5].add_(ones_like(mean[5]), HeldScalars.One);
            var shifted = Fused();
            Relative(shifted, zeroed).Should().BeGreaterThan(1e-3, "a zeroed kernel's channel is now shifted by its normalization");
            Relative(shifted, Unfused()).Should().BeLessThan(1e-5);
        }
        finally
        {
            using (no_grad())
            {
                weight.copy_(weightAsLoaded);
                mean.copy_(meanAsLoaded);
            }
        }
        Relative(Fused(), asLoaded).Should().Be(0, "the restored weights fold to the same values again");
    }

    private static double Cosine(Tensor a, Tensor b) => (a.flatten().dot(b.flatten()) / (a.norm() * b.norm())).item<float>();

    private static double Relative(Tensor a, Tensor b) => ((a - b).abs().max() / b.abs().max()).item<float>();
}
