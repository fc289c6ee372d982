using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Operators;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Models;
using CircuitSpec.Tests.Support;
using CircuitSpec.Weights;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Probes;

/// <summary>Direct and expanded weights on the real ResNet-18, checked against its ONNX initializers.</summary>
[Collection(nameof(ResNet18Collection))]
public sealed class ResNet18WeightTests(ResNet18Fixture fixture)
{
    [Fact]
    public void Direct_weights_are_the_initializer_slice_of_the_convolution()
    {
        var model = fixture.Model;
        var slice = model.Unit("layer1.0.relu:3").WeightsTo(model.Unit("layer1.0.conv2:7"));
        var kernel = model.Initializers[model.ProducerOf("layer1.0.conv2").Inputs[1]];
        (slice.Height, slice.Width).Should().Be((3, 3));
        for (var y = 0; y < 3; y++)
        for (var x = 0; x < 3; x++)
            slice[y, x].Should().Be(kernel[7, 3, y, x].AsSingle());
    }

    [Fact]
    public void Batch_normalization_after_the_convolution_is_folded_into_the_kernel()
    {
        var model = fixture.Model;
        var slice = model.Unit("layer1.0.relu:3").WeightsTo(model.Unit("layer1.0.bn2:7"));
        var kernel = model.Initializers[model.ProducerOf("layer1.0.conv2").Inputs[1]];
        var bn = model.ProducerOf("layer1.0.bn2");
        var (gamma, variance) = (model.Initializers[bn.Inputs[1]][7].AsDouble(), model.Initializers[bn.Inputs[4]][7].AsDouble());
        var scale = gamma / Math.Sqrt(variance + ((BatchNormOperator)bn.Operator).Epsilon);
        for (var y = 0; y < 3; y++)
        for (var x = 0; x < 3; x++)
            ((double)slice[y, x]).Should().BeApproximately(kernel[7, 3, y, x].AsDouble() * scale, 1e-6);
    }

    [Fact]
    public void A_residual_sum_has_no_single_kernel_and_says_to_use_expanded_weights()
    {
        var model = fixture.Model;
        var act = () => model.Unit("layer1.0.relu:3").WeightsTo(model.Unit("layer1.0:7"));
        act.Should().Throw<CircuitSpecException>().WithMessage("*layer1.0:7 is a sum of several paths*residual*expanded weights*");
    }

    [Fact]
    public void Layers_that_are_not_adjacent_are_refused_with_the_layer_actually_read()
    {
        var model = fixture.Model;
        var act = () => model.Unit("maxpool:3").WeightsTo(model.Unit("layer1.0.conv2:7"));
        act.Should().Throw<CircuitSpecException>().WithMessage("*'maxpool' is not a direct input of layer1.0.conv2:7*reads 'layer1.0.relu'*expanded*");
    }

    [Fact]
    public void Expanded_weights_between_adjacent_layers_equal_the_direct_ones()
    {
        var model = fixture.Model;
        var target = model.Unit("layer1.0.bn2:7");
        var directAll = target.InputWeights("layer1.0.relu");
        var expandedAll = target.InputWeights("layer1.0.relu", expanded: true);
        (expandedAll.Height, expandedAll.Width).Should().Be((3, 3));
        for (var c = 0; c < 64; c++)
            expandedAll.For(c).Values.Should().BeEquivalentTo(directAll.For(c).Values, o => o.WithStrictOrdering()
                .Using<float>(ctx => ctx.Subject.Should().BeApproximately(ctx.Expectation, 1e-5f)).WhenTypeIs<float>());
    }

    [Fact]
    public void Expanded_weights_are_read_once_per_target_and_source_layer_and_kept_on_the_model()
    {
        var model = fixture.Model;
        var target = model.Unit("layer1.0.bn2:7");
        var first = target.InputWeights("layer1.0.relu", expanded: true);
        target.InputWeights("layer1.0.relu", expanded: true).Should().BeSameAs(first, "a second claim on the same target reads the kept weights");
        model.Unit("layer1.0.relu:3").ExpandedWeightsTo(target).Values.Should().Equal(first.For(3).Values);
        model.Unit("layer1.0.bn2:8").InputWeights("layer1.0.relu", expanded: true).Should().NotBeSameAs(first);
        target.InputWeights("maxpool", expanded: true).Should().NotBeSameAs(first).And.Match<InputWeights>(w => w.SourceLayer == "maxpool");
    }

    [Fact]
    public void Expanded_weights_through_a_residual_block_include_the_identity_path()
    {
        var model = fixture.Model;
        var source = model.Unit("maxpool:5");
        var throughBlock = source.ExpandedWeightsTo(model.Unit("layer1.0:5"));
        var branchOnly = source.ExpandedWeightsTo(model.Unit("layer1.0.bn2:5"));
        (throughBlock.Height, throughBlock.Width).Should().Be((5, 5), "two 3×3 convolutions see a 5×5 window");
        (branchOnly.Height, branchOnly.Width).Should().Be((5, 5));
        for (var y = 0; y < 5; y++)
        for (var x = 0; x < 5; x++)
            ((double)throughBlock[y, x]).Should().BeApproximately(branchOnly[y, x] + (y == 2 && x == 2 ? 1 : 0), 1e-4,
                "the skip connection adds the source itself at the centre");
    }

    [Fact]
    public void The_strongest_inputs_are_ranked_by_the_chosen_measure()
    {
        var model = fixture.Model;
        var target = model.Unit("layer1.0.conv2:7");
        var all = target.InputWeights("layer1.0.relu");
        var ranked = target.StrongestInputs("layer1.0.relu", top: 5, by: WeightMeasure.Positive);
        ranked.Should().HaveCount(5);
        ranked.Select(r => r.Score).Should().BeInDescendingOrder();
        ranked[0].Score.Should().Be(Enumerable.Range(0, 64).Max(c => all.For(c).PositiveSum));
        ranked[0].Weights.PositiveSum.Should().Be(ranked[0].Score);
        var inhibitors = target.StrongestInputs("layer1.0.relu", top: 3, by: WeightMeasure.Negative);
        inhibitors[0].Weights.NegativeSum.Should().Be(Enumerable.Range(0, 64).Min(c => all.For(c).NegativeSum));
    }
}

/// <summary>Weights across Inception's concatenations, checked against the raw Caffe weight files.</summary>
[Collection(nameof(InceptionV1Collection))]
public sealed class InceptionV1WeightTests(InceptionV1Fixture fixture)
{
    private static float[] RawFilter(string layer, string branch) =>
        CaffeRaw.Read(SharedData.Require("models", "bvlc-googlenet", "weights", layer, $"{branch}_filter.bin"));

    [Fact]
    public void Concatenation_offsets_are_resolved_on_both_sides()
    {
        var model = fixture.Model;
        // mixed3a = [1x1 (64), 3x3 (128), 5x5 (32), pool_proj (32)]: the 3x3 branch's unit 10 is channel 74.
        var raw = RawFilter("inception_3b", "1x1"); // (out 128, 1, 1, in 256)
        var expected = raw[5 * 256 + 74];
        model.Unit("mixed3a_3x3:10").WeightsTo(model.Unit("mixed3b_1x1_pre_relu:5"))[0, 0].Should().Be(expected);
        model.Unit("mixed3a:74").WeightsTo(model.Unit("mixed3b_1x1_pre_relu:5"))[0, 0].Should().Be(expected);
        model.Unit("mixed3a:74").WeightsTo(model.Unit("mixed3b:5"))[0, 0].Should().Be(expected, "mixed3b:5 is the 1x1 branch's unit 5 after its ReLU");

        // mixed3b = [1x1 (128), 3x3 (192), 5x5 (96), pool_proj (64)]: mixed3b:130 is the 3x3 branch's unit 2.
        var raw3x3 = RawFilter("inception_3b", "3x3"); // (out 192, 3, 3, in 128)
        var slice = model.Unit("mixed3b_3x3_bottleneck:17").WeightsTo(model.Unit("mixed3b:130"));
        for (var y = 0; y < 3; y++)
        for (var x = 0; x < 3; x++)
            slice[y, x].Should().Be(raw3x3[((2 * 3 + y) * 3 + x) * 128 + 17]);
    }

    [Fact]
    public void A_branch_behind_a_bottleneck_is_not_a_direct_input_and_the_message_names_the_bottleneck()
    {
        var model = fixture.Model;
        var act = () => model.Unit("mixed3a:74").WeightsTo(model.Unit("mixed3b:130"));
        act.Should().Throw<CircuitSpecException>().WithMessage("*'mixed3a' is not a direct input of mixed3b:130*reads 'mixed3b_3x3_bottleneck'*");
    }

    [Fact]
    public void Expanded_weights_through_the_bottleneck_equal_the_explicit_kernel_composition()
    {
        var model = fixture.Model;
        var reduce = RawFilter("inception_3b", "3x3_reduce"); // (128, 1, 1, 256)
        var conv = RawFilter("inception_3b", "3x3");          // (192, 3, 3, 128)
        var expanded = model.Unit("mixed3a:74").ExpandedWeightsTo(model.Unit("mixed3b_3x3_pre_relu:2"));
        (expanded.Height, expanded.Width).Should().Be((3, 3));
        for (var y = 0; y < 3; y++)
        for (var x = 0; x < 3; x++)
        {
            var composed = Enumerable.Range(0, 128).Sum(m => (double)conv[((2 * 3 + y) * 3 + x) * 128 + m] * reduce[m * 256 + 74]);
            ((double)expanded[y, x]).Should().BeApproximately(composed, 1e-5 + 1e-4 * Math.Abs(composed));
        }
    }
}

/// <summary>Expanded weights on a planted, purely linear pair of 3×3 convolutions.</summary>
public sealed class PlantedWeightTests
{
    [Fact]
    public void Expanded_weights_through_two_convolutions_equal_their_full_convolution()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed: 17);
        var w1 = randn([4, 3, 3, 3], generator: generator);  // a: 3 → 4 channels
        var w2 = randn([2, 4, 3, 3], generator: generator);  // b: 4 → 2 channels
        using var model = TwoConvolutions(w1.clone(), w2.clone());

        var adjacent = model.Unit("a_relu:1").ExpandedWeightsTo(model.Unit("b:0"));
        for (var y = 0; y < 3; y++)
        for (var x = 0; x < 3; x++)
            adjacent[y, x].Should().BeApproximately(w2[0, 1, y, x].AsSingle(), 1e-6f, "adjacent layers: the kernel itself");
        model.Unit("input_relu:2").EffectiveWeightsTo(model.Unit("b:1")).Expanded.Should().BeTrue("two convolutions apart: no single kernel");
        model.Unit("a_relu:2").EffectiveWeightsTo(model.Unit("b:1")).Expanded.Should().BeFalse("adjacent: the kernel itself");
        var input = model.Unit("input_relu:2").ExpandedWeightsTo(model.Unit("b:1"));
        (input.Height, input.Width).Should().Be((5, 5));
        for (var y = 0; y < 5; y++)
        for (var x = 0; x < 5; x++)
        {
            double composed = 0;
            for (var m = 0; m < 4; m++)
            for (var y2 = 0; y2 < 3; y2++)
            for (var x2 = 0; x2 < 3; x2++)
            {
                var (y1, x1) = (y - y2, x - x2);
                if (y1 is >= 0 and < 3 && x1 is >= 0 and < 3) composed += w2[1, m, y2, x2].AsDouble() * w1[m, 2, y1, x1].AsDouble();
            }
            ((double)input[y, x]).Should().BeApproximately(composed, 1e-5, $"position ({x}, {y})");
        }
    }

    // input → relu ("input_relu") → conv a (3×3, pad 1) → relu → conv b (3×3, pad 1)
    private static GraphNetwork TwoConvolutions(Tensor w1, Tensor w2)
    {
        var builder = new GraphBuilder("planted", 13).AddInput("x").AddInitializer("w1", w1).AddInitializer("w2", w2);
        builder.AddNode("r0", "Relu", ["x"], ["input_relu"], builder.Attributes("r0"));
        builder.AddNode("a", "Conv", ["input_relu", "w1"], ["a"], builder.Attributes("a").Set("kernel_shape", new long[] { 3, 3 }).Set("pads", new long[] { 1, 1, 1, 1 }));
        builder.AddNode("r1", "Relu", ["a"], ["a_relu"], builder.Attributes("r1"));
        builder.AddNode("b", "Conv", ["a_relu", "w2"], ["b"], builder.Attributes("b").Set("kernel_shape", new long[] { 3, 3 }).Set("pads", new long[] { 1, 1, 1, 1 }));
        builder.AddOutput("b");
        return builder.Build("two convolutions", InputConvention.Raw([1, 3, 11, 11]));
    }
}
