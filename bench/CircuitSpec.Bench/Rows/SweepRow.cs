using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Models.Graph;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Bench.Rows;

/// <summary>Row 3: zero-ablating 64 units of one layer in turn and reading one unit of the next block.</summary>
public static class SweepRow
{
    private const int Stimuli = 4;
    public const string Layer = "layer3.0";
    public const string Target = "layer3.1:7";

    public static BenchRow Run(GraphNetwork model, Options options)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(seed: 2);
        var stimuli = randn([Stimuli, 3, 224, 224], generator: generator).Times(50);
        var units = model.Family($"64 {Layer} units", Layer, Enumerable.Range(0, 64).Select(c => (long)c).ToArray());
        var readout = model.Unit(Target);
        var variants = units.Select(u => u.Zeroed()).ToList();

        // The first sweeps of a process grow glibc's heap (ResNet-18's from about 420 to 500–730 MB, 50 MB a step) and,
        // on the 2-core machine measured, a sweep that grew it took up to 3× as long: the process's first sweep is
        // reported, and three more warm the heap before the timed ones.
        var first = Timing.Median(() => model.Sweep(stimuli, variants, readout, maxBatch: Stimuli * 65), repetitions: 1, warmUp: 0);
        var (batched, plain) = Timing.Interleaved(() => model.Sweep(stimuli, variants, readout, maxBatch: Stimuli * 65),
            () => { using var s = NewDisposeScope(); model.Run(stimuli); }, options.Repetitions, warmUp: 3);
        var sequential = Timing.Median(() =>
        {
            foreach (var variant in variants) model.Responses(stimuli, readout, variant);
        }, options.Repetitions, warmUp: 0);
        var ratio = batched / plain;
        return new BenchRow($"3. Ablation sweep: 64 units of {Layer} zeroed in turn, reading {Target}, {Stimuli} stimuli",
            $"batched {Timing.Seconds(batched)} (the process's first sweep {Timing.Seconds(first)}), 64 sequential runs {Timing.Seconds(sequential)} " +
            $"({sequential / batched:F1}× slower), one plain forward {Timing.Seconds(plain)}",
            ratio, "batched ≤ 1.5× one plain forward", ratio <= 1.5)
        {
            Numbers = { ["batched_s"] = batched, ["first_sweep_s"] = first, ["sequential_s"] = sequential, ["plain_forward_s"] = plain, ["sequential_over_batched"] = sequential / batched },
        };
    }
}
