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
/// </summary>
public static class NativeAllocator
{
    public const string Variable = "CIRCUITSPEC_MALLOC";

    private const int TrimThreshold = -1, MmapMax = -4; // mallopt parameters (malloc.h)
    private const int KeptFreeBytes = 256 << 20;

    /// <summary>Whether large blocks are kept for reuse in this process.</summary>
    public static bool KeepsLargeBlocks { get; private set; }

#pragma warning disable CA2255 // a library's module initializer: the allocator must be tuned before the first tensor
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Configure()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is "default") return;
        try
        {
            KeepsLargeBlocks = mallopt(MmapMax, 0) == 1 && mallopt(TrimThreshold, KeptFreeBytes) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc: its allocator is left alone.
        }
        catch (DllNotFoundException)
        {
        }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int mallopt(int parameter, int value);
}
