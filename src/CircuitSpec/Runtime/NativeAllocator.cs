using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CircuitSpec.Runtime;

/// <summary>
/// libtorch allocates its CPU tensors with malloc, and glibc serves every block over 32 MB with a fresh mmap that it
/// unmaps on free: each forward pass of an image model then pays a page fault per 4 KiB of every large activation.
/// Measured on ResNet-18 at batch 8 (2 cores): 245 ms a forward, of which the first convolution's output alone took
/// 38 ms to write; with large blocks kept in the heap, 136 ms. So, when CircuitSpec loads on glibc, freed memory stays
/// with the process for reuse (mmap off, no trimming). <c>CIRCUITSPEC_MALLOC=default</c> leaves malloc as it was.
/// </summary>
public static class NativeAllocator
{
    public const string Variable = "CIRCUITSPEC_MALLOC";

    private const int TrimThreshold = -1, MmapMax = -4; // mallopt parameters (malloc.h)

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
            KeepsLargeBlocks = mallopt(MmapMax, 0) == 1 && mallopt(TrimThreshold, int.MaxValue) == 1;
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
