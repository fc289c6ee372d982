using System.Diagnostics;
using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Reliability;

/// <summary>Runs alone (no other test allocating beside it), so the process's memory is this test's.</summary>
[CollectionDefinition(nameof(MemoryCollection), DisableParallelization = true)]
public sealed class MemoryCollection;

[Collection(nameof(MemoryCollection))]
public sealed class MemoryTests(ITestOutputHelper output)
{
    private const int WarmUp = 50;
    private const int Rounds = 200;

    // Samples count live memory (ResidentMemory.Live). A leak raises the peaks: compare the size at the end of warm-up
    // with the largest sample over the last 50 rounds. A leaked capture (0.8 MB a round) adds about 40 % over the rounds,
    // eight times the 5 % allowed; this collection runs alone, so every round it takes holds up the other tests.
    private const int SampleEvery = 10;
    private const int LastRounds = 50;

    [Fact]
    public void Two_hundred_forward_capture_and_ablation_rounds_keep_memory_flat()
    {
        using var model = ModelZoo.ResNet18();
        using var generator = new Generator(seed: 99);
        var unit = model.Unit("layer1:5");
        var watch = Stopwatch.StartNew();
        double checksum = 0;

        void Round(int i)
        {
            using var scope = NewDisposeScope();
            // One image per round keeps the 250 forwards quick (224×224 is the least this ResNet-18's fixed 7×7 final
            // pooling takes); a leaked capture (64 × 56 × 56 floats) would still add hundreds of MB over the run, and a
            // leaked handle of any size shows in the live-tensor count.
            var images = randn([1, 3, 224, 224], generator: generator);
            using var cache = model.RunWithCache(images, ["layer1", model.PointNames[^1]], model.Unit("layer1.0", i % 64).Zeroed());
            checksum += cache.Read(unit.MeanOverPositions()).Sum() + cache[model.PointNames[^1]].sum().AsDouble();
        }

        var warmUp = new List<long>();
        for (var i = 0; i < WarmUp; i++)
        {
            Round(i);
            if ((i + 1) % SampleEvery == 0) warmUp.Add(ResidentMemory.Live());
        }
        // After warm-up: what the model caches on first use (its folded convolution weights) lives as long as the model.
        var liveTensors = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var samples = new List<long>();
        for (var i = 0; i < Rounds; i++)
        {
            Round(i);
            if ((i + 1) % SampleEvery == 0) samples.Add(ResidentMemory.Live());
            if ((i + 1) % LastRounds == 0) output.WriteLine($"round {i + 1}: {samples[^1] / 1e6:F0} MB resident, {watch.Elapsed.TotalSeconds:F0} s");
        }
        var (before, after) = (warmUp[^1], samples.TakeLast(LastRounds / SampleEvery).Max());
        var growth = (after - before) / (double)before;
        output.WriteLine($"resident after warm-up {before / 1e6:F0} MB, largest over the last {LastRounds} of {Rounds} rounds {after / 1e6:F0} MB: " +
                         $"growth {growth:P2} (checksum {checksum:G4})");
        growth.Should().BeLessThan(0.05, "every round's tensors are freed by its dispose scope");
        DisposeScopeManager.Statistics.ThreadTotalLiveCount.Should().Be(liveTensors, "no tensor handle outlives its round");
    }
}
