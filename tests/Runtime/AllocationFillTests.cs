using CircuitSpec.Runtime;
using CircuitSpec.Tests.Reliability.Processes;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Runtime;

/// <summary>
/// libtorch hands out zeroed memory once CircuitSpec has loaded it (<see cref="AllocationFilling"/>): a kernel that reads
/// memory it never wrote (oneDNN's convolution backward does, and a forward convolution of light InceptionV1) reads zeros,
/// not what the last tensor there left. The diagnostic fill <c>junk-forward</c> gives forward passes the NaN pattern and
/// gradient passes zeros (checked in a process of its own).
/// </summary>
public sealed class AllocationFillTests
{
    private const string Method = $"CircuitSpec.Tests.Runtime.{nameof(AllocationFillTests)}.{nameof(Fresh_memory_holds_what_the_fill_in_force_says)}";

    /// <summary>Whether a fresh 4 MB tensor, right where a NaN tensor of the same size was freed, holds zeros (else: all NaN, or neither).</summary>
    private static bool? FreshMemoryIsZero()
    {
        const long elements = 1 << 20; // 4 MB: a block the allocator keeps and hands out again
        using (var left = HeldArithmetic.Filled([elements], double.NaN)) { }
        using var scope = NewDisposeScope();
        var fresh = empty(elements);
        return fresh.eq(HeldScalars.Zero).all().AsBoolean() ? true : fresh.isnan().all().AsBoolean() ? false : null;
    }

    [Fact]
    public void Memory_a_tensor_gets_holds_zeros_not_what_the_last_tensor_there_left()
    {
        TorchRuntime.EnsureLoaded();
        AllocationFilling.Current.Should().Be(AllocationFill.Zero, "{0} is not set in the test process", AllocationFilling.Variable);
        for (var round = 0; round < 4; round++) FreshMemoryIsZero().Should().BeTrue("a fresh tensor's memory is zeroed (round {0})", round);
    }

    [Fact]
    public void Fresh_memory_holds_what_the_fill_in_force_says()
    {
        TorchRuntime.EnsureLoaded();
        var outside = AllocationFilling.Current switch { AllocationFill.Zero => true, AllocationFill.Plain => (bool?)null, _ => false };
        if (outside is not null) FreshMemoryIsZero().Should().Be(outside, "outside gradient passes the fill is {0}", AllocationFilling.Current);
        using (AllocationFilling.ForGradients())
            if (AllocationFilling.Current is AllocationFill.Zero or AllocationFill.JunkOutsideGradients) FreshMemoryIsZero().Should().BeTrue("gradient passes get zeros");
        if (outside is not null) FreshMemoryIsZero().Should().Be(outside, "the gradient pass has ended");
    }

    [Fact]
    public void The_junk_forward_diagnostic_gives_forward_passes_the_nan_pattern_and_gradient_passes_zeros()
    {
        var (exitCode, printed) = ChildProcess.Run(Method, new Dictionary<string, string> { [AllocationFilling.Variable] = "junk-forward" }, TimeSpan.FromMinutes(2));
        exitCode.Should().Be(0, "the child checks its fill:\n{0}", ChildProcess.FailureOf(printed));
        printed.Should().Contain("Total: 1, Errors: 0, Failed: 0", "the child ran the check");
    }
}
