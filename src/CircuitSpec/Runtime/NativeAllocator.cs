using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CircuitSpec.Runtime;

/// <summary>
/// libtorch allocates its CPU tensors with malloc, and glibc serves every block over 32 MB with a fresh mmap that it
/// unmaps on free: each forward pass of an image model then pays a page fault per 4 KiB of every large activation.
/// Measured on ResNet-18 at batch 8 (2 cores): 245 ms a forward, of which the first convolution's output alone took
/// 38 ms to write; with large blocks kept in the heap, 135 ms. So, when CircuitSpec loads on glibc, large blocks come
/// from the heap (mmap off) and up to 256 MB of free heap is kept for reuse before it is given back (kept without
/// bound, a benchmark that ran a 65-copy sweep before its memory row held 3 GB; with the bound, 1.6 GB; with glibc's
/// defaults, the forward is slow again). <c>CIRCUITSPEC_MALLOC=default</c> leaves malloc as it was.
/// <para>
/// That reaches only the main thread's heap. Any other thread (a test runner's, a thread-pool worker) allocates from
/// one of glibc's per-thread arenas, whose heaps are at most 64 MB, so glibc maps and unmaps every larger block there
/// whatever mallopt says: InceptionV1 to mixed3b, 32 images, took 5.8 s a pass on a worker thread against 2.0 s on the
/// main thread (2-core AMD EPYC). Only the environment a process starts with changes that: one arena for all threads,
/// and transparent huge pages for the heap (<see cref="Tunables"/>), gave 0.57 s on the worker thread. The test
/// projects start with them (<c>circuitspec.runsettings</c>); the command-line tool and the benchmark restart
/// themselves with them (<see cref="RestartTuned"/>).
/// </para>
/// </summary>
public static class NativeAllocator
{
    public const string Variable = "CIRCUITSPEC_MALLOC";

    /// <summary>glibc's tunables CircuitSpec's processes start with: one malloc arena, and the heap on huge pages.</summary>
    public const string Tunables = "glibc.malloc.arena_max=1:glibc.malloc.hugetlb=1";

    private const string TunablesVariable = "GLIBC_TUNABLES";
    private const int TrimThreshold = -1, MmapMax = -4, ArenaMax = -8; // mallopt parameters (malloc.h)
    private const int KeptFreeBytes = 256 << 20;

    /// <summary>Whether large blocks are kept for reuse in this process.</summary>
    public static bool KeepsLargeBlocks { get; private set; }

    /// <summary>Whether this process started with <see cref="Tunables"/> (or glibc is not its allocator, or the user opted out).</summary>
    public static bool ProcessTuned =>
        !OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is "default" || HasTunables(Environment.GetEnvironmentVariable(TunablesVariable));

#pragma warning disable CA2255 // a library's module initializer: the allocator must be tuned before the first tensor
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Configure()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is "default") return;
        try
        {
            KeepsLargeBlocks = mallopt(MmapMax, 0) == 1 && mallopt(TrimThreshold, KeptFreeBytes) == 1;
            // Threads that allocate for the first time from now on share the arenas made so far (5.8 s → 3.4 s a pass
            // in the measurement above); the tunables make it one from the start.
            mallopt(ArenaMax, 1);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc: its allocator is left alone.
        }
        catch (DllNotFoundException)
        {
        }
    }

    /// <summary><paramref name="existing"/> (a GLIBC_TUNABLES value) with CircuitSpec's tunables set, the others kept.</summary>
    public static string WithTunables(string? existing)
    {
        var mine = Tunables.Split(':');
        var names = mine.Select(NameOf).ToHashSet(StringComparer.Ordinal);
        var kept = (existing ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Where(t => !names.Contains(NameOf(t)));
        return string.Join(':', kept.Concat(mine));
    }

    /// <summary>
    /// For a program's entry point: where this process did not start with <see cref="Tunables"/>, runs the same
    /// program again with them (same arguments, same console) and answers its exit code; null where this process
    /// goes on itself (already tuned, not glibc, opted out, or the restart could not start).
    /// </summary>
    public static int? RestartTuned(string[] args)
    {
        if (ProcessTuned || Environment.ProcessPath is not { } path) return null;
        var start = new ProcessStartInfo(path) { UseShellExecute = false };
        // Under `dotnet program.dll` the host is the process; the program is its first argument.
        if (Path.GetFileNameWithoutExtension(path) == "dotnet") start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment[TunablesVariable] = WithTunables(Environment.GetEnvironmentVariable(TunablesVariable));
        try
        {
            using var child = Process.Start(start);
            if (child is null) return null;
            // Ctrl+C reaches the child too (same console): this process waits for it to stop as it chooses.
            Console.CancelKeyPress += (_, e) => e.Cancel = true;
            child.WaitForExit();
            return child.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static bool HasTunables(string? value)
    {
        var set = (value ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return Tunables.Split(':').All(set.Contains);
    }

    private static string NameOf(string tunable) => tunable.Split('=')[0];

    [DllImport("libc", SetLastError = false)]
    private static extern int mallopt(int parameter, int value);
}
