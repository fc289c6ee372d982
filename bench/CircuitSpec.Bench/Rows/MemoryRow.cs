using CircuitSpec.Activations;
using CircuitSpec.Models.Graph;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Bench.Rows;

/// <summary>Row 7: peak resident memory, and its growth from after warm-up to the last of 1,000 forward passes.</summary>
public static class MemoryRow
{
    private const int WarmUp = 100;
    private const int Forwards = 1000;

    public static BenchRow Run(GraphNetwork model)
    {
        var generator = new Generator(seed: 3);
        void Forward()
        {
            using var scope = NewDisposeScope();
            model.Run(randn([1, 3, 224, 224], generator: generator));
        }

        // The peak of this row alone: earlier rows (a 260-image sweep batch) leave a higher one behind.
        if (ResidentMemory.CanMeasurePeak) ResidentMemory.ResetPeak();
        for (var i = 0; i < WarmUp; i++) Forward();
        var before = ResidentMemory.Live();
        var last = new List<long>();
        for (var i = 0; i < Forwards; i++)
        {
            Forward();
            if (i >= Forwards - 100 && i % 10 == 0) last.Add(ResidentMemory.Live());
            if ((i + 1) % 250 == 0) Console.Error.WriteLine($"  {i + 1} forwards, {ResidentMemory.Live() / 1e6:F0} MB resident");
        }
        var after = last.Max();
        var growth = (after - before) / (double)before;
        var peak = ResidentMemory.CanMeasurePeak ? ResidentMemory.Peak() : ResidentMemory.Current();
        return new BenchRow($"7. Resident memory over {Forwards:N0} ResNet-18 forwards (batch 1)",
            $"peak {peak / 1e6:F0} MB during these forwards; {before / 1e6:F0} MB after {WarmUp} warm-up forwards, at most {after / 1e6:F0} MB over the last 100",
            growth, "growth < 5 %", growth < 0.05)
        {
            Numbers = { ["peak_bytes"] = peak, ["after_warmup_bytes"] = before, ["last_bytes"] = after, ["growth"] = growth },
        };
    }
}
