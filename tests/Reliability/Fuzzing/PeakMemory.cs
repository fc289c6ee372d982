namespace CircuitSpec.Tests.Reliability.Fuzzing;

/// <summary>
/// The process's peak resident memory since the last <see cref="Reset"/> (Linux: /proc/self/status VmHWM, reset by
/// writing 5 to /proc/self/clear_refs). Counts native (libtorch) allocations, which the .NET GC cannot see.
/// </summary>
public static class PeakMemory
{
    public static bool Available => OperatingSystem.IsLinux() && File.Exists("/proc/self/clear_refs");

    /// <summary>Starts a new peak at the current resident size and returns that size in bytes.</summary>
    public static long Reset()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Read("VmRSS");
    }

    public static long Peak() => Read("VmHWM");

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) * 1024;
        throw new InvalidOperationException($"/proc/self/status has no {field}");
    }
}
