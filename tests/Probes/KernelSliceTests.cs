using CircuitSpec.Weights;

namespace CircuitSpec.Tests.Probes;

/// <summary>The spatial summaries a claim reads off a kernel, on kernels whose answer is known by construction.</summary>
public sealed class KernelSliceTests
{
    private static KernelSlice Kernel(params float[] values) => new("a:0", "b:0", 3, 3, values, expanded: false);

    [Fact]
    public void Weight_on_the_top_row_is_on_top_at_ninety_degrees()
    {
        var k = Kernel(1, 2, 1,
                       0, 0, 0,
                       -1, -1, -1);
        k.PositiveSum.Should().Be(4);
        k.NegativeSum.Should().Be(-3);
        k.Sum.Should().Be(1);
        k.PositiveShare(KernelRegion.Top).Should().Be(1);
        k.PositiveShare(KernelRegion.Bottom).Should().Be(0);
        k.NegativeShare(KernelRegion.Bottom).Should().Be(1);
        k.PositiveShare(KernelRegion.Left).Should().Be(0.25);
        k.SumIn(KernelRegion.Bottom).Should().Be(-3);
        k.PositiveAngle.Should().BeApproximately(90, 1e-9);
    }

    [Theory]
    [InlineData(5, 0)]     // right
    [InlineData(3, 180)]   // left
    [InlineData(7, 270)]   // bottom
    [InlineData(8, 315)]   // bottom-right
    [InlineData(0, 135)]   // top-left
    public void The_angle_of_the_positive_weight_is_measured_counter_clockwise_from_the_right(int cell, double degrees)
    {
        var values = new float[9];
        values[cell] = 2;
        Kernel(values).PositiveAngle.Should().BeApproximately(degrees, 1e-9);
    }

    [Fact]
    public void A_centred_kernel_has_no_angle_and_the_centre_region_holds_it()
    {
        var k = Kernel(0, 0, 0, 0, 3, 0, 0, 0, 0);
        double.IsNaN(k.PositiveAngle).Should().BeTrue();
        k.PositiveShare(KernelRegion.Centre).Should().Be(1);
    }

    [Fact]
    public void Printing_shows_the_grid()
    {
        Kernel(1, 0, 0, 0, 0, 0, 0, 0, -1).ToString().Should().Contain("weights a:0 → b:0 (3×3)").And.Contain("+1.000 +0.000 +0.000").And.Contain("-1.000");
    }
}
