using System.Runtime.InteropServices;

namespace CircuitSpec.Runtime;

/// <summary>
/// The process's resident memory, read from /proc/self/status on Linux, so that native libtorch allocations (which the
/// .NET GC cannot see) count: the live size, and the peak since the last reset.
/// </summary>
public static class ResidentMemory
{
    /// <summary>Whether <see cref="ResetPeak"/> and <see cref="Peak"/> work here (Linux only).</summary>
    public static bool CanMeasurePeak => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    /// <summary>The resident size now, in bytes.</summary>
    public static long Current() => OperatingSystem.IsLinux() ? Status("VmRSS") : Environment.WorkingSet;

    /// <summary>
    /// The resident size of live memory: after a full collection, with freed heap pages handed back to the system, so
    /// that the allocator's cache does not count as growth.
    /// </summary>
    public static long Live()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        if (OperatingSystem.IsLinux()) malloc_trim(0);
        return Current();
    }

    /// <summary>Starts a new peak at the current resident size (VmHWM is reset by writing 5 to clear_refs) and returns that size.</summary>
    public static long ResetPeak()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Current();
    }

    /// <summary>The largest resident size since <see cref="ResetPeak"/> (or since the process started).</summary>
    public static long Peak() => Status("VmHWM");

    private static long Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) * 1024;
        throw new InvalidOperationException($"/proc/self/status has no {field}");
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int malloc_trim(nuint pad);
}
