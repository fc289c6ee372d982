using CircuitSpec.Errors;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Runtime;

/// <summary>The native runtime loads in CI (Debian 12 needs ci/setup.sh's libstdc++) and computes correctly.</summary>
public sealed class TorchRuntimeTests
{
    [Fact]
    public void A_convolution_runs_on_the_cpu_and_matches_the_sum_computed_by_hand()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var image = HeldArithmetic.Range(25, ScalarType.Float32).reshape(1, 1, 5, 5);
        var kernel = tensor(new float[] { 1, 0, -1, 2, 0, -2, 1, 0, -1 }).reshape(1, 1, 3, 3);

        var result = nn.functional.conv2d(image, kernel);

        result.shape.Should().Equal([1, 1, 3, 3]);
        // Each row of the image rises by 1 per column, so a horizontal Sobel gives (1 + 2 + 1) · (0 − 2) = −8.
        result.data<float>().ToArray().Should().AllBeEquivalentTo(-8f);
        result.device_type.Should().Be(DeviceType.CPU);
    }

    [Fact]
    public void Devices_are_parsed_and_a_missing_gpu_is_a_clear_error()
    {
        TorchRuntime.ParseDevice("cpu").type.Should().Be(DeviceType.CPU);
        var unknown = () => TorchRuntime.ParseDevice("tpu");
        unknown.Should().Throw<CircuitSpecException>().WithMessage("*'tpu'*cpu*cuda*");
        if (!cuda.is_available())
        {
            var gpu = () => TorchRuntime.ParseDevice("cuda");
            gpu.Should().Throw<CircuitSpecException>().WithMessage("*CUDA is not available*TorchSharp-cuda-linux*");
        }
    }

    [Fact]
    public void The_same_seed_and_thread_count_give_identical_numbers()
    {
        float[] Draw()
        {
            TorchRuntime.MakeDeterministic(threads: 2, seed: 42);
            using var t = randn(1000);
            return t.data<float>().ToArray();
        }
        Draw().Should().Equal(Draw());
    }
}
