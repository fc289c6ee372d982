using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Tests.Support;
using CircuitSpec.Weights;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Claims;

/// <summary>Weight verbs on a model with planted signs: each passes where it should and fails showing the measured value.</summary>
public sealed class WeightClaimTests
{
    [Fact]
    public void Excitation_and_inhibition_read_the_net_weights()
    {
        using var model = PlantedModels.TwoLayers();
        var target = model.Unit("b:0");
        target.Should().BeExcitedBy([model.Unit("a_relu:0")], because: "the top row is planted positive")
            .And.BeInhibitedBy([model.Unit("a_relu:1")]);

        using var capture = VerdictLog.Capture();
        var act = () => target.Should().BeExcitedBy([model.Unit("a_relu:0"), model.Unit("a_relu:1")], 0, "we say {0}", "so");
        act.Should().Throw<XunitException>()
            .WithMessage("Expected b:0 to be excited by a_relu:0, a_relu:1 because we say so, but 1 of 2 are not: a_relu:1 (net -2.25)*Evidence:*a_relu:0 → b:0: net 2*direct 3×3*");
        capture.Last!.Should().Match<Verdict>(v => v.Claim.StartsWith("b:0 to be excited by a_relu:0, a_relu:1") && v.Outcome == Outcome.Fails);
    }

    [Fact]
    public void The_region_of_a_kernel_that_carries_the_weight_is_checked()
    {
        using var model = PlantedModels.TwoLayers();
        model.Unit("b:0").Should().ReceiveWeightFrom(model.Unit("a_relu:0")).At(KernelRegion.Top, minShare: 0.99);
        var act = () => model.Unit("b:0").Should().ReceiveWeightFrom(model.Unit("a_relu:0")).At(KernelRegion.Bottom);
        act.Should().Throw<XunitException>().WithMessage("*at the bottom of its kernel (≥ 50 %), but 0 % of it lies there (angle of the positive weight: 90°)*");
        var none = () => model.Unit("b:0").Should().ReceiveWeightFrom(model.Unit("a_relu:1")).At(KernelRegion.Top);
        none.Should().Throw<XunitException>().WithMessage("*inconclusive: the kernel has no positive weight*");
    }

    [Fact]
    public void Strongest_inputs_are_ranked_and_a_missing_one_names_its_rank()
    {
        using var model = PlantedModels.TwoLayers();
        model.Unit("b:0").Should().HaveAmongStrongestInputs([model.Unit("a_relu:0")], top: 1);
        var act = () => model.Unit("b:0").Should().HaveAmongStrongestInputs([model.Unit("a_relu:2")], top: 1);
        act.Should().Throw<XunitException>().WithMessage("*a_relu:2 ranks 2*top 1 positive inputs from a_relu: a_relu:0 2*");
    }

    [Fact]
    public void An_input_with_no_weight_of_the_kind_is_never_among_the_strongest_even_when_it_wins_a_tie()
    {
        // b:1 is b:0 negated: its positive weight comes from a:1 alone, and a:0 and a:2 tie at 0. Ranked by channel
        // number a:0 would come second and pass "among the top 2".
        using var model = PlantedModels.TwoLayers();
        model.Unit("b:1").Should().HaveAmongStrongestInputs([model.Unit("a_relu:1")], top: 2);
        var act = () => model.Unit("b:1").Should().HaveAmongStrongestInputs([model.Unit("a_relu:0")], top: 2);
        act.Should().Throw<XunitException>().WithMessage("*a_relu:0 has no positive weight (score 0*");
        var inhibition = () => model.Unit("b:0").Should().HaveAmongStrongestInputs([model.Unit("a_relu:2")], top: 1, by: WeightMeasure.Negative);
        inhibition.Should().Throw<XunitException>().WithMessage("*a_relu:2 has no negative weight*");
    }

    [Fact]
    public void A_circuit_holds_only_when_every_edge_has_its_sign()
    {
        using var model = PlantedModels.TwoLayers();
        new Circuit("planted").Excites(model.Unit("a_relu:0"), model.Unit("b:0")).Inhibits(model.Unit("a_relu:1"), model.Unit("b:0"))
            .Excites(model.Unit("a_relu:1"), model.Unit("b:1")).Should().Hold();
        var wrong = new Circuit("misremembered").Excites(model.Unit("a_relu:0"), model.Unit("b:0")).Excites(model.Unit("a_relu:0"), model.Unit("b:1"));
        var act = () => wrong.Should().Hold();
        act.Should().Throw<XunitException>()
            .WithMessage("*circuit 'misremembered' (2 edges) to hold, but 1 of 2 edges do not: a_relu:0 excites b:1 has net weight -2*✓ a_relu:0 excites b:0*✗ a_relu:0 excites b:1*");
    }
}
