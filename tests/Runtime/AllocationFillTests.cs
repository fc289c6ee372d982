using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Runtime;

/// <summary>
/// libtorch hands out zeroed memory once CircuitSpec has loaded it (<see cref="AllocationFilling"/>): a kernel that reads
/// memory it never wrote (oneDNN's convolution backward does) reads zeros, not what the last tensor there left.
/// </summary>
public sealed class AllocationFillTests
{
    [Fact]
    public void Memory_a_tensor_gets_holds_zeros_not_what_the_last_tensor_there_left()
    {
        TorchRuntime.EnsureLoaded();
        AllocationFilling.Current.Should().Be(AllocationFill.Zero, "{0} is not set in the test process", AllocationFilling.Variable);
        const long elements = 1 << 20; // 4 MB: a block the allocator keeps and hands out again
        for (var round = 0; round < 4; round++)
        {
            using (var left = HeldArithmetic.Filled([elements], double.NaN)) { }
            using var scope = NewDisposeScope();
            var fresh = empty(elements);
            fresh.eq(HeldScalars.Zero).all().AsBoolean().Should().BeTrue("a fresh tensor's memory is zeroed (round {0})", round);
        }
    }
}
