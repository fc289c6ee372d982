using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Models;

namespace CircuitSpec.Tests.Measurements;

/// <summary>Stimuli rendered into the real InceptionV1's Caffe convention, measured on its first layer.</summary>
[Collection(nameof(InceptionV1Collection))]
public sealed class InceptionV1StimulusTests(InceptionV1Fixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Many_first_layer_units_are_sharply_tuned_to_line_orientation()
    {
        var model = fixture.Model;
        var lines = new StimulusSet(Synthetic.Angles(10, below: 180).Select(o => new Line(o, Width: 3) { Background = Rgb.Gray }));
        var units = model.Layer("conv2d0").Cast<Feature>().ToList();
        var curves = model.Responses(lines, units).Select(r => TuningCurve.Over(r, "orientation", period: 180)).ToList();
        var tuned = curves.Where(c => c.Inconclusive is null && c.Peak > 0 && c.HalfMaximumWidth <= 90).ToList();
        foreach (var c in tuned.Take(5)) output.WriteLine(c.ToString());
        output.WriteLine($"{tuned.Count} of 64 conv2d0 units have a tuning width of at most 90° (of 180°); preferred orientations: " +
                         string.Join(", ", tuned.Select(c => $"{c.Preferred:F0}")));
        tuned.Count.Should().BeGreaterThanOrEqualTo(10, "the first layer of an ImageNet GoogLeNet is full of oriented (Gabor-like) filters");
        tuned.Select(c => Math.Round(c.Preferred / 45) % 4).Distinct().Count().Should().BeGreaterThanOrEqualTo(3, "they cover many orientations");
    }
}
