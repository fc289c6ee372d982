using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;
using FluentAssertions.Formatting;
using Xunit.Sdk;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Claims;

/// <summary>FluentAssertions prints tensors, features and stimuli as evidence, not as type names or millions of numbers.</summary>
public sealed class FormatterTests
{
    [Fact]
    public void A_tensor_prints_its_shape_device_statistics_and_first_values()
    {
        CircuitSpec.Formatting.Formatters.Register();
        using var t = tensor(new[] { 1f, float.NaN, 3f, 5f, 7f, 9f, 11f, float.PositiveInfinity }, [2, 4]);
        Formatter.ToString(t).Should().Be("float32 [2, 4] on cpu: min 1, mean 6, max 11, 1 NaN, 1 infinite; first [1, NaN, 3, 5, 7, 9, …]");
        using var big = ones(1, 64, 56, 56);
        Formatter.ToString(big).Should().StartWith("float32 [1, 64, 56, 56] on cpu: min 1, mean 1, max 1, 0 NaN").And.NotContain("1, 1, 1, 1, 1, 1, 1");
    }

    [Fact]
    public void A_failing_assertion_on_a_tensor_shows_the_summary()
    {
        using var t = zeros(3, 2);
        var act = () => ((object)t).Should().BeNull();
        act.Should().Throw<XunitException>().WithMessage("Expected*to be <null>, but found float32 [3, 2] on cpu: min 0, mean 0, max 0*");
    }

    [Fact]
    public void Units_and_stimuli_print_as_researchers_write_them()
    {
        using var model = PlantedModels.ColourOpponents();
        var act = () => model.Unit("edges_relu:1").Should().BeNull();
        act.Should().Throw<XunitException>().WithMessage("Expected*to be <null>, but found edges_relu:1 (colour opponents).");
        var curve = new Curve(30, 40) { Foreground = Rgb.FromHsv(0) };
        Formatter.ToString(curve).Should().StartWith("curve(orientation=30, radius=40").And.EndWith("in rgb(1, 0, 0) on rgb(0, 0, 0)");
        Formatter.ToString(new StimulusSet([curve, new Line(10)])).Should().StartWith("2 stimuli (curve/line): curve(orientation=30");
    }
}
