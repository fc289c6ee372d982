using CircuitSpec.Runtime;

namespace CircuitSpec.Tests.Runtime;

/// <summary>libtorch's own log prints errors only (<see cref="NativeLog"/>): its per-convolution NNPACK warning flooded every run.</summary>
public sealed class NativeLogTests
{
    [Fact]
    public void Once_libtorch_is_loaded_its_log_prints_errors_only()
    {
        TorchRuntime.EnsureLoaded();
        Environment.GetEnvironmentVariable(NativeLog.Variable).Should().BeNullOrEmpty("the test process sets no level of its own");
        NativeLog.Level.Should().Be(2, "ERROR is libtorch's level 2; its default, WARNING (1), printed the NNPACK line for every convolution oneDNN did not take");
    }
}
