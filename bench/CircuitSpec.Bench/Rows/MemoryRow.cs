using System.Runtime.InteropServices;
using CircuitSpec.Activations;
using CircuitSpec.Models.Graph;
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
        if (File.Exists("/proc/self/clear_refs")) File.WriteAllText("/proc/self/clear_refs", "5");
        for (var i = 0; i < WarmUp; i++) Forward();
        var before = Resident();
        var last = new List<long>();
        for (var i = 0; i < Forwards; i++)
        {
            Forward();
            if (i >= Forwards - 100 && i % 10 == 0) last.Add(Resident());
            if ((i + 1) % 250 == 0) Console.Error.WriteLine($"  {i + 1} forwards, {Resident() / 1e6:F0} MB resident");
        }
        var after = last.Max();
        var growth = (after - before) / (double)before;
        var peak = Status("VmHWM");
        return new BenchRow($"7. Resident memory over {Forwards:N0} ResNet-18 forwards (batch 1)",
            $"peak {peak / 1e6:F0} MB during these forwards; {before / 1e6:F0} MB after {WarmUp} warm-up forwards, at most {after / 1e6:F0} MB over the last 100",
            growth, "growth < 5 %", growth < 0.05)
        {
            Numbers = { ["peak_bytes"] = peak, ["after_warmup_bytes"] = before, ["last_bytes"] = after, ["growth"] = growth },
        };
    }

    // Live memory: freed heap pages handed back first, so that the allocator's cache does not count as growth.
    private static long Resident()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (OperatingSystem.IsLinux()) malloc_trim(0);
        return Status("VmRSS");
    }

    private static long Status(string field) => OperatingSystem.IsLinux()
        ? long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024
        : Environment.WorkingSet;

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}
