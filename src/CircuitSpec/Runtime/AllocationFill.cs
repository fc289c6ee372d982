using System.Runtime.InteropServices;
using CircuitSpec.Errors;

namespace CircuitSpec.Runtime;

/// <summary>What libtorch's CPU allocator writes into the memory it hands out.</summary>
public enum AllocationFill
{
    /// <summary>Nothing: new memory holds what its last user left.</summary>
    Plain,

    /// <summary>Zeros (CircuitSpec's default).</summary>
    Zero,

    /// <summary>A NaN pattern: a kernel that reads memory it never wrote makes NaN (for finding such reads).</summary>
    Junk,
}

/// <summary>
/// Sets libtorch's allocator fill once libtorch is loaded. Zeros by default: in libtorch 2.10 a convolution's backward
/// pass (anomaly mode names <c>ConvolutionBackward0</c>; oneDNN runs it on padded, blocked layouts) reads memory it never
/// wrote, so leftover bits that happened to be NaN made a data gradient NaN in about one visualization in fifty
/// (README, "Reliability"). With junk fill every such run fails, with zero fill none; where the leftover bits were
/// harmless the results are byte for byte those of plain memory (the two-process witness, reproducible mode).
/// <c>CIRCUITSPEC_ALLOCATIONS=plain|zero|junk</c> chooses.
/// </summary>
public static class AllocationFilling
{
    public const string Variable = "CIRCUITSPEC_ALLOCATIONS";

    private const string ZeroFlag = "FLAGS_caffe2_cpu_allocator_do_zero_fill", JunkFlag = "FLAGS_caffe2_cpu_allocator_do_junk_fill";

    /// <summary>The fill in force: <see cref="AllocationFill.Plain"/> until libtorch has loaded, or where its flags cannot be found.</summary>
    public static AllocationFill Current { get; private set; } = AllocationFill.Plain;

    internal static void Apply()
    {
        var wanted = Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant() switch
        {
            null or "" or "zero" => AllocationFill.Zero,
            "plain" => AllocationFill.Plain,
            "junk" => AllocationFill.Junk,
            var other => throw new CircuitSpecException($"{Variable}='{other}' is not an allocation fill; use 'zero', 'plain' or 'junk'."),
        };
        if (C10() is not { } library)
        {
            if (wanted == AllocationFill.Junk) throw new CircuitSpecException($"{Variable}=junk: libtorch's c10 library was not found in this process.");
            return;
        }
        Set(library, ZeroFlag, wanted == AllocationFill.Zero);
        Set(library, JunkFlag, wanted == AllocationFill.Junk);
        Current = wanted;
    }

    private static void Set(nint library, string flag, bool on) => Marshal.WriteByte(NativeLibrary.GetExport(library, flag), on ? (byte)1 : (byte)0);

    // libc10 is loaded by then (libtorch depends on it); the bare name finds the loaded copy, the runtimes folder a copied one.
    private static nint? C10()
    {
        var name = OperatingSystem.IsWindows() ? "c10.dll" : OperatingSystem.IsMacOS() ? "libc10.dylib" : "libc10.so";
        foreach (var candidate in new[] { name, Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", name) })
            if (NativeLibrary.TryLoad(candidate, out var library) && NativeLibrary.TryGetExport(library, ZeroFlag, out _))
                return library;
        return null;
    }
}
