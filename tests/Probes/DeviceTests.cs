using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;
using CircuitSpec.Weights;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Probes;

/// <summary>
/// The same probes on CUDA as on the CPU. Runs when the test project is built against a CUDA build of TorchSharp
/// (see the README) on a machine with a GPU; elsewhere it is skipped, saying why.
/// </summary>
public sealed class DeviceTests
{
    [Fact]
    public void Probes_on_the_gpu_agree_with_the_cpu()
    {
        if (!cuda.is_available())
            Assert.Skip("CUDA is not available: this build uses TorchSharp-cpu or the machine has no GPU. Switch to TorchSharp-cuda-linux as the README describes.");

        using var scope = NewDisposeScope();
        using var onCpu = ModelZoo.ResNet18();
        using var onGpu = ModelZoo.ResNet18();
        onGpu.ToDevice("cuda");
        var stimuli = Seeded.Normal([2, 3, 224, 224], seed: 6).Times(50);

        float[] Probe(Networks.Network model)
        {
            var readout = model.Unit("layer3.0:7").MeanOverPositions();
            using var mean = model.Unit("layer2.0:1").MeanAblated(over: stimuli);
            var table = model.Sweep(stimuli, [model.Unit("layer2.0:3").Zeroed(), mean], readout);
            var expanded = model.Unit("layer1.0.relu:4").ExpandedWeightsTo(model.Unit("layer1.0:2"));
            return [.. table.Baseline, .. table.Effects.SelectMany(e => e.Values), .. expanded.Values];
        }

        var (cpu, gpu) = (Probe(onCpu), Probe(onGpu));
        for (var i = 0; i < cpu.Length; i++)
            gpu[i].Should().BeApproximately(cpu[i], 1e-3f * Math.Max(1, Math.Abs(cpu[i])), $"value {i}");
    }
}
