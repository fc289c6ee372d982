using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Models;
using CircuitSpec.Weights;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Probes;

/// <summary>The same seed and thread count give bit-identical probe results.</summary>
[Collection(nameof(ResNet18Collection))]
public sealed class DeterminismTests(ResNet18Fixture fixture)
{
    private float[] Probe()
    {
        TorchRuntime.MakeDeterministic(threads: 2, seed: 2024);
        var model = fixture.Model;
        using var scope = NewDisposeScope();
        var stimuli = randn([3, 3, 224, 224]).Times(50);
        var references = randn([4, 3, 224, 224]).Times(50);
        var readout = model.Unit("layer2.0:9").MeanOverPositions();
        using var resample = model.Family("four", "layer1.0", 1, 2, 3, 4).Resampled(from: references, seed: 5);
        using var mean = model.Unit("layer1.0:8").MeanAblated(over: references);
        var table = model.Sweep(stimuli, [resample, mean, model.Unit("layer1.0:9").Zeroed()], readout, maxBatch: 6);
        using var cache = model.RunWithCache(stimuli, "layer1", "layer3");
        var expanded = model.Unit("layer1.0.relu:4").ExpandedWeightsTo(model.Unit("layer1.0:2"));
        return [.. table.Baseline, .. table.Effects.SelectMany(e => e.Values), .. cache["layer3"].flatten().data<float>().ToArray()[..1000], .. expanded.Values];
    }

    [Fact]
    public void Two_runs_with_the_same_seed_and_threads_are_bit_identical()
    {
        var first = Probe();
        var second = Probe();
        first.Should().HaveCount(3 + 9 + 1000 + 9);
        first.Select(BitConverter.SingleToInt32Bits).Should().Equal(second.Select(BitConverter.SingleToInt32Bits));
    }
}
