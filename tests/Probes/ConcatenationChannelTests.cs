using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Models;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Probes;

/// <summary>
/// A pass read at one unit of an Inception block's output (a concatenation of four branches) computes that unit's
/// branch alone, for its one channel: mixed3b's channels are 128 of the 1×1 branch, 192 of the 3×3, 96 of the 5×5 and
/// 64 of the pooling branch's projection, in that order.
/// </summary>
[Collection(nameof(InceptionV1Collection))]
public sealed class ConcatenationChannelTests(InceptionV1Fixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(0, "inception_3b/1x1")]
    [InlineData(127, "inception_3b/1x1")]
    [InlineData(128, "inception_3b/3x3")]
    [InlineData(413, "inception_3b/5x5")]
    [InlineData(416, "inception_3b/pool_proj")]
    [InlineData(479, "inception_3b/pool_proj")]
    public void A_unit_of_a_concatenation_is_computed_by_its_own_branchs_convolution_alone(long channel, string convolution)
    {
        var region = fixture.Model.OneChannelNodes("mixed3b", channel);
        output.WriteLine(string.Join(", ", region));
        region.Where(n => fixture.Model.Nodes.Single(node => node.Name == n).OpType == "Conv").Should().Equal([convolution],
            "the channel comes from that branch's last convolution, whose input is read whole");
        region.Should().Contain("inception_3b/output", "the concatenation passes that one channel on");
    }

    [Fact]
    public void Reading_one_unit_of_each_branch_gives_the_values_of_a_full_pass()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var images = Seeded.Uniform([3, 3, 224, 224], seed: 21);
        using var full = model.RunWithCache(images, "mixed3b");
        foreach (var channel in new long[] { 5, 200, 413, 470 })
        {
            var plan = new ForwardPlan { Captures = ["mixed3b"], WantsOutput = false, OnlyChannel = new ChannelReadout("mixed3b", channel) };
            var alone = model.Execute(images, plan).Captured[model.Resolve("mixed3b")];
            var whole = full["mixed3b"].narrow(1, channel, 1);
            var difference = (alone.narrow(1, channel, 1) - whole).abs().max().AsDouble();
            difference.Should().BeLessThanOrEqualTo(1e-5 * Math.Max(1, whole.abs().max().AsDouble()), "mixed3b:{0} computed alone is the same channel", channel);
            alone.narrow(1, channel == 0 ? 1 : 0, 1).isnan().all().AsBoolean().Should().BeTrue("the other channels were not computed");
        }
    }

    [Fact]
    public void A_sweep_read_at_a_5x5_unit_sees_its_own_branch_ablated_and_nothing_from_the_others()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var stimuli = Seeded.Uniform([2, 3, 224, 224], seed: 22);
        var readout = model.Unit("mixed3b:413");
        // Units of the 5×5 branch's reduction feed mixed3b:413; units of the 1×1 branch reach other channels only. The
        // fan-out point lies in a branch the readout does not read for the second family: the batch must still be repeated.
        var reductions = model.Family("5×5 reductions", "inception_3b/relu_5x5_reduce", 0, 9, 31);
        var others = model.Family("1×1 units", "inception_3b/relu_1x1", 0, 64);
        foreach (var family in new[] { reductions, others })
        {
            var table = model.Sweep(stimuli, family.Select(u => u.Zeroed()), readout, cancellation: TestContext.Current.CancellationToken);
            output.WriteLine(table.ToString());
            table.Baseline.Should().Equal(model.Responses(stimuli, readout), Close);
            foreach (var unit in family)
            {
                var alone = model.Responses(stimuli, readout, unit.Zeroed());
                table[$"zero {unit.Label}"].Values.Should().Equal(alone, Close, unit.Label);
            }
        }
    }

    private static bool Close(float swept, float alone) => Math.Abs(swept - alone) <= 1e-5f * Math.Max(1, Math.Abs(alone));
}
