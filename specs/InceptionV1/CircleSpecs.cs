using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Specs.Support;

namespace CircuitSpec.Specs.InceptionV1;

/// <summary>
/// Circle detectors (Olah et al., "Zoom In", 2020: "the circle detector 3b:389 is built from curve detectors"). In this
/// model 3b:375 responds to whole circles and to none of their 90° arcs, and is excited by early curve detectors of
/// several orientations. What does not carry over: its strongest early-curve inputs do not sit around its kernel in
/// the order of their orientations, so no "arranged around it" claim is made here.
/// </summary>
[Collection(nameof(InceptionV1Specs))]
public sealed class CircleSpecs(InceptionV1Model inception)
{
    private Unit Circle => inception.Model.Unit("mixed3b:375");

    [Fact]
    public void Mixed3b_375_prefers_whole_circles_to_any_of_their_arcs() =>
        Circle.Should().PreferOver(Stimuli.Circles(), Stimuli.Arcs(), minRatio: 10);

    [Fact]
    public void Mixed3b_375_is_tuned_to_circles_of_radius_about_32_pixels() =>
        Circle.Should().BeTunedTo(Stimuli.Circles(), "radius", 32, tolerance: 8);

    [Fact]
    public void Mixed3b_375_is_built_from_early_curve_detectors_of_several_orientations() =>
        Circle.Should().BeExcitedBy(new[] { "mixed3a:84", "mixed3a:117", "mixed3a:196", "mixed3a:64" }.Select(a => inception.Model.Unit(a)), minWeight: 0.2,
            because: "early curves at 15°, 26°, 59° and 80° all add to it");
}
