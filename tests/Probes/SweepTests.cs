using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Models.Graph;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Models;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Probes;

/// <summary>Batched ablation sweeps on the real ResNet-18.</summary>
[Collection(nameof(ResNet18Collection))]
public sealed class SweepTests(ResNet18Fixture fixture, ITestOutputHelper output)
{
    private static Tensor Stimuli(int n) => Seeded.Normal([n, 3, 224, 224], seed: 31).Times(50);

    [Fact]
    public void A_batched_sweep_equals_running_each_ablation_on_its_own()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var stimuli = Stimuli(3);
        var readout = model.Unit("layer2.0:5").MeanOverPositions();
        var units = model.Family("eight layer1.0 units", "layer1.0", 0, 3, 7, 11, 19, 23, 40, 63);

        var table = model.Sweep(stimuli, units.Select(u => u.Zeroed()), readout, maxBatch: 12, cancellation: TestContext.Current.CancellationToken);
        output.WriteLine(table.ToString());

        ShouldEqualRunsOneByOne(table, model, stimuli, readout, units);
        table.Effects.Should().Contain(e => Math.Abs(e.MeanChange) > 1e-3, "ablating layer1.0 units moves a layer2.0 unit");
    }

    [Fact]
    public void A_sweep_read_at_one_unit_computes_that_units_channel_alone_back_to_the_convolutions_and_equals_full_runs()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        // layer3.1 = relu(bn2(conv2(…)) + layer3.0): its one channel needs one output channel of conv2, and layer3.0 whole.
        var region = model.OneChannelNodes("layer3.1");
        output.WriteLine(string.Join(", ", region));
        region.Select(n => n.TrimEnd("0123456789".ToCharArray())).Should().Equal(["Convolution", "BatchNormalization", "Plus", "ReLU"],
            "the block's second convolution, its batch norm, the sum with the skip connection and the last ReLU");
        model.OneChannelNodes("layer3.0.conv1").Should().HaveCount(1, "a convolution's own output channel needs only its own row of weights");

        var stimuli = Stimuli(2);
        var readout = model.Unit("layer3.1:7");
        var units = model.Family("six layer3.0 units", "layer3.0", 0, 7, 31, 64, 128, 255);
        var table = model.Sweep(stimuli, units.Select(u => u.Zeroed()), readout, cancellation: TestContext.Current.CancellationToken);
        output.WriteLine(table.ToString());
        ShouldEqualRunsOneByOne(table, model, stimuli, readout, units);
        table.Effects.Should().Contain(e => Math.Abs(e.MeanChange) > 1e-3, "ablating a layer3.0 unit moves layer3.1:7");
    }

    [Fact]
    public void A_sweep_repeats_the_images_where_a_layer_after_the_ablated_one_reads_them_again()
    {
        // gated = relu(x) · x reads the images again after the ablated layer: they are repeated with the batch there (the
        // images no later layer reads are not: ResNet-18's 4 stimuli, 65 copies, were 156 MB a pass).
        using var scope = NewDisposeScope();
        var builder = new GraphBuilder("gate", 13).AddInput("x");
        builder.AddNode("relu", "Relu", ["x"], ["rectified"], builder.Attributes("relu"));
        builder.AddNode("gate", "Mul", ["rectified", "x"], ["gated"], builder.Attributes("gate"));
        using var model = builder.AddOutput("gated").Build("gate", InputConvention.UnitRgb(6, "any"));
        var stimuli = Seeded.Normal([2, 3, 6, 6], seed: 33);
        var readout = model.Unit("gated:1");
        var units = model.Family("the rectified channels", "rectified", 0, 1, 2);

        var table = model.Sweep(stimuli, units.Select(u => u.Zeroed()), readout, cancellation: TestContext.Current.CancellationToken);

        ShouldEqualRunsOneByOne(table, model, stimuli, readout, units);
        table.Effects.Single(e => e.Variant.Contains("rectified:1")).MeanChange.Should().BeLessThan(0, "zeroing relu(x) zeroes the product x · relu(x) ≥ 0");
    }

    public static TheoryData<string, long, long[], long, long> Windows() => new()
    {
        { "3×3, padded 1 (ResNet's)", 3, [1, 1, 1, 1], 1, 1 },
        { "3×3, stride 2, padded 1", 3, [1, 1, 1, 1], 2, 1 },
        { "3×3, dilated 2", 3, [2, 2, 2, 2], 1, 2 },
        { "2×2, padded unevenly", 2, [1, 0, 0, 1], 1, 1 },
        { "7×7: more taps than outputs, one convolution per copy", 7, [3, 3, 3, 3], 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void A_convolution_after_the_ablated_layer_is_computed_from_each_copys_changed_channel_and_equals_full_runs(
        string window, long kernel, long[] pads, long stride, long dilation)
    {
        // rectified = relu(1×1 conv of the image) → conv (the window) → relu → 1×1 conv: the windowed convolution reads the
        // copies, each with one channel changed, and is computed from that channel alone; the readout's own convolution
        // computes its one channel.
        using var scope = NewDisposeScope();
        var builder = new GraphBuilder(window, 13).AddInput("x");
        builder.AddInitializer("w0", Seeded.Normal([32, 3, 1, 1], seed: 34));
        builder.AddInitializer("w", Seeded.Normal([32, 32, kernel, kernel], seed: 35).Times(0.2));
        builder.AddInitializer("b", Seeded.Normal([32], seed: 36));
        builder.AddInitializer("w2", Seeded.Normal([32, 32, 1, 1], seed: 37).Times(0.2));
        builder.AddNode("widen", "Conv", ["x", "w0"], ["wide"], builder.Attributes("widen").Set("kernel_shape", new[] { 1L, 1L }));
        builder.AddNode("relu", "Relu", ["wide"], ["rectified"], builder.Attributes("relu"));
        builder.AddNode("conv", "Conv", ["rectified", "w", "b"], ["convolved"], builder.Attributes("conv").Set("kernel_shape", new[] { kernel, kernel })
            .Set("pads", pads).Set("strides", new[] { stride, stride }).Set("dilations", new[] { dilation, dilation }));
        builder.AddNode("relu2", "Relu", ["convolved"], ["hidden"], builder.Attributes("relu2"));
        builder.AddNode("readout", "Conv", ["hidden", "w2"], ["out"], builder.Attributes("readout").Set("kernel_shape", new[] { 1L, 1L }));
        using var model = builder.AddOutput("out").Build(window, InputConvention.UnitRgb(13, "any"));
        var stimuli = Seeded.Normal([3, 3, 13, 13], seed: 38);
        var readout = model.Unit("out:3").MeanOverPositions();
        var units = model.Family("rectified channels", "rectified", 0, 5, 17, 31);

        var table = model.Sweep(stimuli, units.Select(u => u.Zeroed()), readout, cancellation: TestContext.Current.CancellationToken);

        ShouldEqualRunsOneByOne(table, model, stimuli, readout, units);
        table.Effects.Should().OnlyContain(e => Math.Abs(e.MeanChange) > 1e-3, "every zeroed channel reaches the readout through the window");
    }

    [Fact]
    public void A_sweep_whose_stimuli_hold_NaN_in_a_zeroed_channel_alone_equals_full_runs()
    {
        // Channel 5 of rectified is the square root of a negative number, NaN, and no other channel holds NaN: zeroing
        // rectified:5 removes it, so that copy's readout is finite, as in its own run; a change computed as a difference
        // from the stimuli's values (0 − NaN) would not be.
        using var scope = NewDisposeScope();
        using var model = ConvolutionAfterSquareRoot("NaN in one channel", negativeChannel: 5);
        var stimuli = Seeded.Normal([2, 3, 9, 9], seed: 39);
        var readout = model.Unit("out:3").MeanOverPositions();
        var units = model.Family("rectified channels", "rectified", 5, 0);

        var table = model.Sweep(stimuli, units.Select(u => u.Zeroed()), readout, cancellation: TestContext.Current.CancellationToken);

        var zeroedNaN = model.Responses(stimuli, readout, units[0].Zeroed());
        zeroedNaN.Should().OnlyContain(v => float.IsFinite(v), "zeroing the only channel with NaN leaves none");
        table["zero rectified:5"].Values.Should().Equal(zeroedNaN, Within1e5);
        table["zero rectified:0"].Values.Should().OnlyContain(v => float.IsNaN(v), "the NaN in channel 5 still reaches the readout");
    }

    [Fact]
    public void A_hook_that_changes_another_channel_where_the_sweep_fans_out_is_seen_by_every_copy()
    {
        // The interventions change one channel each, but the hook doubles channel 9 as well: the copies differ from the
        // stimuli in two channels, and the convolution after them must see both.
        using var scope = NewDisposeScope();
        using var model = ConvolutionAfterSquareRoot("hooked", negativeChannel: null);
        var stimuli = Seeded.Normal([2, 3, 9, 9], seed: 40);
        var readout = model.Unit("out:3").MeanOverPositions();
        var units = model.Family("rectified channels", "rectified", 0, 17);
        using var hook = model.Hooks(("rectified", a => a.index_copy(1, tensor(new long[] { 9 }), a.narrow(1, 9, 1).Times(2))));

        var table = model.Sweep(stimuli, units.Select(u => u.Zeroed()), readout, cancellation: TestContext.Current.CancellationToken);

        ShouldEqualRunsOneByOne(table, model, stimuli, readout, units);
    }

    // rectified = sqrt(relu(1×1 conv of the image to 32 channels) − shift), the shift 0 but in the negative channel (a
    // million: NaN there alone) → 3×3 conv (padded) → relu → 1×1 conv to 8 outputs.
    private static GraphNetwork ConvolutionAfterSquareRoot(string name, long? negativeChannel)
    {
        var shift = zeros(1, 32, 1, 1);
        if (negativeChannel is { } c) shift[0, c, 0, 0] = tensor(1e6f);
        var builder = new GraphBuilder(name, 13).AddInput("x");
        builder.AddInitializer("w0", Seeded.Normal([32, 3, 1, 1], seed: 41));
        builder.AddInitializer("shift", shift);
        builder.AddInitializer("w", Seeded.Normal([32, 32, 3, 3], seed: 42).Times(0.2));
        builder.AddInitializer("w2", Seeded.Normal([8, 32, 1, 1], seed: 43).Times(0.2));
        builder.AddNode("widen", "Conv", ["x", "w0"], ["wide"], builder.Attributes("widen").Set("kernel_shape", new[] { 1L, 1L }));
        builder.AddNode("relu", "Relu", ["wide"], ["positive"], builder.Attributes("relu"));
        builder.AddNode("shift", "Sub", ["positive", "shift"], ["shifted"], builder.Attributes("shift"));
        builder.AddNode("root", "Sqrt", ["shifted"], ["rectified"], builder.Attributes("root"));
        builder.AddNode("conv", "Conv", ["rectified", "w"], ["convolved"], builder.Attributes("conv").Set("kernel_shape", new[] { 3L, 3L })
            .Set("pads", new[] { 1L, 1L, 1L, 1L }));
        builder.AddNode("relu2", "Relu", ["convolved"], ["hidden"], builder.Attributes("relu2"));
        builder.AddNode("readout", "Conv", ["hidden", "w2"], ["out"], builder.Attributes("readout").Set("kernel_shape", new[] { 1L, 1L }));
        return builder.AddOutput("out").Build(name, InputConvention.UnitRgb(9, "any"));
    }

    [Fact]
    public void The_layers_before_the_ablated_one_run_once_per_pass_not_once_per_variant()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var batches = new Dictionary<string, List<long>> { ["relu"] = [], ["layer1.0"] = [], ["layer2.0"] = [] };
        var units = model.Family("eight layer1.0 units", "layer1.0", 0, 3, 7, 11, 19, 23, 40, 63);
        using (new HookScope(model, batches.Keys.Select(p => (p, (Func<Tensor, Tensor?>)(a => { batches[p].Add(a.shape[0]); return null; })))))
            model.Sweep(Stimuli(2), units.Select(u => u.Zeroed()), model.Unit("layer2.0:5"), maxBatch: 18, cancellation: TestContext.Current.CancellationToken);

        batches["relu"].Should().Equal([2], "conv1 comes before the ablated layer: one run of the 2 stimuli");
        batches["layer1.0"].Should().Equal([18], "the ablated layer's output is repeated for the baseline and the 8 variants");
        batches["layer2.0"].Should().Equal([18]);
    }

    [Fact]
    public void Sixty_four_ablations_run_as_a_few_batched_forward_passes()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var batches = new List<long>();
        var variants = model.Layer("layer1.0").Select(u => u.Zeroed()).ToList();
        var readout = model.Unit("layer1.0:0");
        var stimuli = Stimuli(2);
        EffectTable table;
        using (model.Hooks(("conv1", a => { batches.Add(a.shape[0]); return null; })))
            table = model.Sweep(stimuli, variants, readout, maxBatch: 64, cancellation: TestContext.Current.CancellationToken);

        // 64 variants + the baseline, 2 stimuli each, 32 variants per pass: 3 passes instead of 65.
        batches.Should().Equal(64, 64, 2);
        table.Effects.Should().HaveCount(64);
        table["zero layer1.0:0"].Values.Should().AllSatisfy(v => v.Should().Be(0), "the readout itself is ablated");
        table["zero layer1.0:1"].MeanChange.Should().Be(0, "ablating another unit of the same layer cannot change it");
    }

    [Fact]
    public void Named_variants_apply_their_interventions_together()
    {
        using var scope = NewDisposeScope();
        var model = fixture.Model;
        var stimuli = Stimuli(2);
        var readout = model.Unit("layer1.0:4").MeanOverPositions();
        var pair = new List<Intervention> { model.Unit("layer1.0.relu:1").Zeroed(), model.Unit("layer1.0.relu:2").Zeroed() };
        var table = model.Sweep(stimuli, [("both", pair), ("scaled", [model.Unit("layer1.0.relu:1").Scaled(2)])], readout, cancellation: TestContext.Current.CancellationToken);
        table["both"].Values.Should().Equal(model.Responses(stimuli, readout, [.. pair]), Within1e6);
        var act = () => table["neither"];
        act.Should().Throw<Errors.CircuitSpecException>().WithMessage("*No variant 'neither'*both, scaled*");
    }

    // Float32's rounding of one sum: a sweep read at one unit computes that channel alone, as one convolution per input
    // channel summed (ConvOperator.OneOutput), the whole layer's convolution sums in another order, so the same value can
    // differ in its last bit.
    private static bool Within1e6(float actual, float expected) => Math.Abs(actual - expected) <= 1e-6f * Math.Max(1, Math.Abs(expected));

    private static bool Within1e5(float actual, float expected) => Math.Abs(actual - expected) <= 1e-5f * Math.Max(1, Math.Abs(expected));

    // Every ablated row within 1e-5 of the same ablation run on its own; the unablated row the plain run's, to float32's rounding.
    private static void ShouldEqualRunsOneByOne(EffectTable table, Networks.Network model, Tensor stimuli, Feature readout, IEnumerable<Unit> units)
    {
        table.Baseline.Should().Equal(model.Responses(stimuli, readout), Within1e6, "row 0 of every pass is the unablated run");
        foreach (var unit in units)
        {
            var alone = model.Responses(stimuli, readout, unit.Zeroed());
            var swept = table[$"zero {unit.Label}"].Values;
            for (var i = 0; i < alone.Length; i++)
                swept[i].Should().BeApproximately(alone[i], 1e-5f * Math.Max(1, Math.Abs(alone[i])), $"{unit.Label}, stimulus {i}");
        }
    }
}
