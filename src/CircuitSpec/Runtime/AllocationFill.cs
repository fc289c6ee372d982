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

    /// <summary>
    /// Zeros while gradients are computed (<see cref="AllocationFilling.ForGradients"/>), the NaN pattern otherwise:
    /// finds a forward kernel that reads memory it never wrote, apart from the backward pass known to.
    /// </summary>
    JunkOutsideGradients,
}

/// <summary>
/// Sets libtorch's allocator fill once libtorch is loaded. Zeros by default: in libtorch 2.10 a convolution's backward
/// pass (anomaly mode names <c>ConvolutionBackward0</c>; oneDNN runs it on padded, blocked layouts) reads memory it never
/// wrote, so leftover bits that happened to be NaN made a data gradient NaN in about one visualization in fifty
/// (README, "Reliability"). With junk fill every such run fails, with zero fill none; where the leftover bits were
/// harmless the results are byte for byte those of plain memory. Zeroing only around gradient passes would be cheaper,
/// but a forward convolution reads unwritten memory too: with <c>junk-forward</c> (the NaN pattern outside gradient
/// passes) light InceptionV1's output is NaN, from a convolution whose inputs and weights are finite.
/// <c>CIRCUITSPEC_ALLOCATIONS=zero|plain|junk|junk-forward</c> chooses.
/// </summary>
public static class AllocationFilling
{
    public const string Variable = "CIRCUITSPEC_ALLOCATIONS";

    private const string ZeroFlag = "FLAGS_caffe2_cpu_allocator_do_zero_fill", JunkFlag = "FLAGS_caffe2_cpu_allocator_do_junk_fill";

    // libtorch's allocator flags are process-wide, so the gradient scopes of all threads are counted together: memory is
    // zeroed while any is open.
    private static readonly Lock Gate = new();
    private static int OpenScopes;
    private static nint Library;

    /// <summary>The fill in force: <see cref="AllocationFill.Plain"/> until libtorch has loaded, or where its flags cannot be found.</summary>
    public static AllocationFill Current { get; private set; } = AllocationFill.Plain;

    /// <summary>
    /// Marks a forward and backward pass that computes gradients: until the returned scope is disposed, the memory
    /// libtorch hands out is zeroed, where the fill in force tells gradient passes apart (<see cref="AllocationFill.JunkOutsideGradients"/>).
    /// </summary>
    public static IDisposable ForGradients()
    {
        if (Current != AllocationFill.JunkOutsideGradients) return NoScope.Instance;
        lock (Gate)
            if (OpenScopes++ == 0) Set(zero: true, junk: false);
        return new GradientScope();
    }

    internal static void Apply()
    {
        var wanted = Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant() switch
        {
            null or "" or "zero" => AllocationFill.Zero,
            "plain" => AllocationFill.Plain,
            "junk" => AllocationFill.Junk,
            "junk-forward" => AllocationFill.JunkOutsideGradients,
            var other => throw new CircuitSpecException($"{Variable}='{other}' is not an allocation fill; use 'zero', 'plain', 'junk' or 'junk-forward'."),
        };
        if (C10() is not { } library)
        {
            if (wanted is AllocationFill.Junk or AllocationFill.JunkOutsideGradients)
                throw new CircuitSpecException($"{Variable}={wanted}: libtorch's c10 library was not found in this process.");
            return;
        }
        lock (Gate)
        {
            Library = library;
            Current = wanted;
            SetOutsideScopes();
        }
    }

    private static void SetOutsideScopes() =>
        Set(zero: Current == AllocationFill.Zero, junk: Current is AllocationFill.Junk or AllocationFill.JunkOutsideGradients);

    private static void Set(bool zero, bool junk)
    {
        Marshal.WriteByte(NativeLibrary.GetExport(Library, ZeroFlag), zero ? (byte)1 : (byte)0);
        Marshal.WriteByte(NativeLibrary.GetExport(Library, JunkFlag), junk ? (byte)1 : (byte)0);
    }

    private static nint? C10() => LibTorch.WithExport("c10", ZeroFlag);

    private sealed class GradientScope : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            lock (Gate)
                if (--OpenScopes == 0) SetOutsideScopes();
        }
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
