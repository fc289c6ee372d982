using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Specs.Support;
using CircuitSpec.Weights;

namespace CircuitSpec.Specs.InceptionV1;

/// <summary>
/// Composite, AND-like units ("Zoom In": the car detector 4c:447 wants windows at the top of its kernel and wheels at
/// the bottom). Searching mixed4c for units whose strongest inputs from mixed4b split between the top and the bottom
/// of the kernel finds 4c:265: 4b:341 above, 4b:103 below. Which objects these are is not claimed — only the layout.
/// </summary>
[Collection(nameof(InceptionV1Specs))]
public sealed class CompositeSpecs(InceptionV1Model inception)
{
    private Unit Composite => inception.Model.Unit("mixed4c:265");

    [Fact]
    public void Mixed4c_265_wants_mixed4b_341_at_the_top_of_its_kernel() =>
        Composite.Should().ReceiveWeightFrom(inception.Model.Unit("mixed4b:341")).At(KernelRegion.Top, minShare: 0.65);

    [Fact]
    public void Mixed4c_265_wants_mixed4b_103_at_the_bottom_of_its_kernel() =>
        Composite.Should().ReceiveWeightFrom(inception.Model.Unit("mixed4b:103")).At(KernelRegion.Bottom, minShare: 0.9);

    [Fact]
    public void Both_are_among_its_ten_strongest_excitatory_inputs_from_mixed4b() =>
        Composite.Should().HaveAmongStrongestInputs([inception.Model.Unit("mixed4b:341"), inception.Model.Unit("mixed4b:103")], top: 10,
            by: WeightMeasure.Positive, expanded: true);
}
