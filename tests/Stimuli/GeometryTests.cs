using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Stimuli;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Stimuli;

/// <summary>Rendered stimuli have the geometry their parameters state, measured on the pixels.</summary>
public sealed class GeometryTests
{
    private const int Size = 224;

    // Ink (coverage) per pixel and pixel-centre coordinates (x right, y up, from the centre).
    private static (float[] Ink, double[] X, double[] Y) Ink(Stimulus stimulus)
    {
        using var scope = NewDisposeScope();
        var image = new StimulusSet([stimulus]).Render(Size);
        var ink = image[0, 0].flatten().data<float>().ToArray();
        var x = Enumerable.Range(0, Size * Size).Select(i => i % Size + 0.5 - Size / 2.0).ToArray();
        var y = Enumerable.Range(0, Size * Size).Select(i => -(i / Size + 0.5 - Size / 2.0)).ToArray();
        return (ink, x, y);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(50)]
    [InlineData(87.5)]
    public void A_circles_ink_lies_at_its_radius(double radius)
    {
        var (ink, x, y) = Ink(new Circle(radius, Width: 3));
        var total = ink.Sum(v => (double)v);
        var meanRadius = ink.Select((v, i) => v * Math.Sqrt(x[i] * x[i] + y[i] * y[i])).Sum() / total;
        meanRadius.Should().BeApproximately(radius, 0.1);
        total.Should().BeApproximately(2 * Math.PI * radius * 3, 2 * Math.PI * radius * 3 * 0.02, "a ring of width 3 covers its area");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(37)]
    [InlineData(90)]
    [InlineData(123)]
    [InlineData(171)]
    public void A_lines_orientation_is_recovered_from_image_moments_within_one_degree(double orientation)
    {
        var (ink, x, y) = Ink(new Line(orientation, Width: 3, Length: 150));
        var total = ink.Sum(v => (double)v);
        var (mx, my) = (ink.Select((v, i) => v * x[i]).Sum() / total, ink.Select((v, i) => v * y[i]).Sum() / total);
        double Moment(Func<int, double> f) => ink.Select((v, i) => v * f(i)).Sum() / total;
        var (mu20, mu02, mu11) = (Moment(i => (x[i] - mx) * (x[i] - mx)), Moment(i => (y[i] - my) * (y[i] - my)), Moment(i => (x[i] - mx) * (y[i] - my)));
        var measured = 0.5 * Math.Atan2(2 * mu11, mu20 - mu02) * 180 / Math.PI;
        var difference = ((measured - orientation) % 180 + 270) % 180 - 90;
        Math.Abs(difference).Should().BeLessThan(1, $"measured {measured:F2}°");
        Math.Abs(mx).Should().BeLessThan(0.5);
        Math.Abs(my).Should().BeLessThan(0.5);
    }

    [Theory]
    [InlineData(0, 30)]
    [InlineData(90, 50)]
    [InlineData(225, 40)]
    public void A_curve_is_an_arc_of_its_radius_whose_convex_side_faces_its_orientation(double orientation, double radius)
    {
        var (ink, x, y) = Ink(new Curve(orientation, radius, ArcLength: 60, Width: 2));
        var theta = orientation * Math.PI / 180;
        var (cx, cy) = (-radius * Math.Cos(theta), -radius * Math.Sin(theta)); // the arc's midpoint is the image centre
        var total = ink.Sum(v => (double)v);
        var meanRadius = ink.Select((v, i) => v * Math.Sqrt((x[i] - cx) * (x[i] - cx) + (y[i] - cy) * (y[i] - cy))).Sum() / total;
        meanRadius.Should().BeApproximately(radius, 0.2);
        var (ax, ay) = (ink.Select((v, i) => v * (x[i] - cx)).Sum() / total, ink.Select((v, i) => v * (y[i] - cy)).Sum() / total);
        var direction = (Math.Atan2(ay, ax) * 180 / Math.PI + 360) % 360;
        Math.Abs(((direction - orientation) % 360 + 540) % 360 - 180).Should().BeLessThan(0.5, "the arc is centred on its orientation");
        total.Should().BeApproximately(radius * Math.PI / 3 * 2, radius * Math.PI / 3 * 2 * 0.1, "60° of arc, 2 pixels wide");
    }

    [Fact]
    public void A_grating_repeats_after_its_wavelength_and_an_edge_splits_the_image_in_half()
    {
        using var scope = NewDisposeScope();
        var images = new StimulusSet([new Grating(0, Wavelength: 8), new Edge(0)]).Render(64);
        var column = images[0, 0, .., 10];
        column[TensorIndex.Slice(0, 56)].allclose(column[TensorIndex.Slice(8, 64)], atol: 1e-5).Should().BeTrue("period 8 along y");
        images[0, 0, 0, ..].std().AsDouble().Should().BeLessThan(1e-5, "stripes at 0° are constant along x");
        var edge = images[1, 0];
        edge[TensorIndex.Slice(0, 32)].mean().AsDouble().Should().Be(1, "the foreground fills the upper (left-of-direction) half");
        edge[TensorIndex.Slice(32, 64)].mean().AsDouble().Should().Be(0);
    }

    [Fact]
    public void Noise_backgrounds_repeat_under_a_seed_and_differ_across_seeds()
    {
        using var scope = NewDisposeScope();
        var set = new StimulusSet([new Blank { Noise = 0.4, Seed = 1, Background = Rgb.Gray }, new Blank { Noise = 0.4, Seed = 1, Background = Rgb.Gray },
            new Blank { Noise = 0.4, Seed = 2, Background = Rgb.Gray }]);
        var images = set.Render(32);
        images[0].eq(images[1]).all().AsBoolean().Should().BeTrue();
        images[0].eq(images[2]).all().AsBoolean().Should().BeFalse();
        images.min().AsDouble().Should().BeGreaterThanOrEqualTo(0.3 - 1e-6);
        images.max().AsDouble().Should().BeLessThanOrEqualTo(0.7 + 1e-6);
    }

    [Fact]
    public void Stimuli_render_into_a_models_input_convention_and_carry_their_parameters()
    {
        using var scope = NewDisposeScope();
        var convention = new InputConvention(48, 48, 3, ChannelOrder.Bgr, 255f, [104f, 117f, 123f], [1f, 1f, 1f], "Caffe");
        var patch = new ColourPatch { Foreground = new Rgb(1, 0, 0) };
        var input = new StimulusSet([patch]).Render(convention);
        input.shape.Should().Equal(1, 3, 48, 48);
        input[0, 2].mean().AsDouble().Should().BeApproximately(255 - 123, 1e-3, "red goes to the last (R) channel of BGR");
        input[0, 0].mean().AsDouble().Should().BeApproximately(-104, 1e-3);

        var curves = Synthetic.Curves(Synthetic.Angles(15), [20, 40]);
        curves.Values("orientation").Should().Equal(Synthetic.Angles(15).Concat(Synthetic.Angles(15)));
        curves[0]["curvature"].Should().Be(1 / 20.0);
        var unknown = () => curves[0]["colour"];
        unknown.Should().Throw<Errors.CircuitSpecException>().WithMessage("*no parameter 'colour'*orientation, radius, curvature*");
        curves[0].ToString().Should().StartWith("curve(orientation=0, radius=20, curvature=0.05");
    }
}
