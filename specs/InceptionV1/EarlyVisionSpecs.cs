using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Specs.Support;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Specs.InceptionV1;

/// <summary>
/// Early vision in the BVLC GoogLeNet: its first convolution is full of oriented line and edge detectors, as the
/// Circuits thread's "An Overview of Early Vision in InceptionV1" describes for conv2d0.
/// </summary>
[Collection(nameof(InceptionV1Specs))]
public sealed class EarlyVisionSpecs(InceptionV1Model inception)
{
    private Unit Unit(string address) => inception.Model.Unit(address);

    private static StimulusSet Lines(double step = 10) =>
        new(Synthetic.Angles(step, below: 180).Select(o => new Line(o, Width: 3) { Background = Rgb.Gray }));

    private static StimulusSet JitteredLines(double orientation) =>
        new(Enumerable.Range(0, 8).Select(i => new Line(orientation + (i - 3.5) * 1.5, Width: 2 + i % 3) { Background = Rgb.Gray }));

    [Fact]
    public void Conv2d0_0_is_a_line_detector_tuned_to_about_26_degrees() =>
        Unit("conv2d0:0").Should().BeTunedTo(Lines(), "orientation", 26, tolerance: 10, period: 180,
            because: "first-layer units of ImageNet models are oriented (Gabor-like) filters");

    [Fact]
    public void Conv2d0_0_prefers_lines_at_its_orientation_over_orthogonal_ones() =>
        Unit("conv2d0:0").Should().PreferOver(JitteredLines(26), JitteredLines(116), minRatio: 3);

    [Fact]
    public void No_line_45_degrees_or_more_away_drives_conv2d0_0_to_half_its_peak() =>
        Unit("conv2d0:0").Should().StayAtMost(9.3, StimulusSpace.Lines((71, 161)), tests: 30,
            because: "its tuning curve (peak 18.6) is about 20° wide at half maximum");
}
