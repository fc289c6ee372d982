using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Tests.Support;
using CircuitSpec.Weights;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Soundness;

/// <summary>
/// A direction's input weights are the same combination of its units' input weights as its reading is of their
/// activations, so the weight verbs read them: on the two-layer model b:1 = −b:0, so (1, ½) in b is b:0 at half
/// strength and (½, 1) is its opposite.
/// </summary>
public sealed class DirectionWeightTests
{
    [Fact]
    public void A_directions_kernel_is_the_unit_vectors_combination_of_its_units_kernels()
    {
        using var model = PlantedModels.TwoLayers();
        var direction = model.Direction("b", [1f, 0.5f], "mostly b:0");
        var (u0, u1) = (1 / Math.Sqrt(1.25), 0.5 / Math.Sqrt(1.25));
        var source = model.Unit("a_relu:0");
        var expected = u0 * source.WeightsTo(model.Unit("b:0")).Sum + u1 * source.WeightsTo(model.Unit("b:1")).Sum;
        source.EffectiveWeightsTo(direction).Sum.Should().BeApproximately(expected, 1e-5);
        direction.InputWeights("a_relu").Target.Should().Be(direction);
    }

    [Fact]
    public void Weight_verbs_hold_and_fail_on_directions_as_on_units()
    {
        using var model = PlantedModels.TwoLayers();
        var (a0, a1, a2) = (model.Unit("a_relu:0"), model.Unit("a_relu:1"), model.Unit("a_relu:2"));
        var likeB0 = model.Direction("b", [1f, 0.5f], "mostly b:0");
        likeB0.Should().BeExcitedBy([a0]).And.BeInhibitedBy([a1]).And.HaveAmongStrongestInputs([a0], top: 1)
            .And.ReceiveWeightFrom(a0).At(KernelRegion.Top, minShare: 0.99);

        var opposite = model.Direction("b", [0.5f, 1f], "mostly b:1");
        opposite.Should().BeExcitedBy([a1]);
        var act = () => opposite.Should().BeExcitedBy([a0]);
        act.Should().Throw<XunitException>().WithMessage("*mostly b:1 (b) to be excited by a_relu:0, but 1 of 1 are not*");
        var strongest = () => opposite.Should().HaveAmongStrongestInputs([a2], top: 1);
        strongest.Should().Throw<XunitException>().WithMessage("*a_relu:2 has no positive weight*");
    }
}
