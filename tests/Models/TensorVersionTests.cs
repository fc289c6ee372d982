using CircuitSpec.Models.Graph;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>libtorch's version counters, read where TorchSharp does not expose them: what tells a fused pass a weight changed.</summary>
public sealed class TensorVersionTests
{
    [Fact]
    public void An_in_place_write_to_a_tensor_or_to_a_view_of_it_raises_its_version_and_a_read_does_not()
    {
        using var scope = NewDisposeScope();
        var weight = ones(4, 3);
        var first = TensorVersion.Of(weight);
        if (OperatingSystem.IsWindows())
        {
            first.Should().BeNull("the export is looked up by its Itanium C++ name, which Windows' libtorch does not use: every fold is remade");
            return;
        }
        first.Should().NotBeNull("libtorch_cpu exports at::TensorBase::_version");
        weight.mul(HeldScalars.Two).sum().AsDouble().Should().Be(24);
        TensorVersion.Of(weight).Should().Be(first, "reading a tensor does not write it");

        using (no_grad()) weight[1].zero_();
        TensorVersion.Of(weight).Should().BeGreaterThan(first!.Value, "a write through a view counts for the tensor it views");

        var second = TensorVersion.Of(weight);
        using (inference_mode()) weight.add_(ones_like(weight), HeldScalars.One);
        TensorVersion.Of(weight).Should().BeGreaterThan(second!.Value, "an ordinary tensor written inside inference mode counts too");
    }

    [Fact]
    public void An_inference_tensor_keeps_no_version_so_none_is_read()
    {
        using var scope = NewDisposeScope();
        Tensor made;
        using (inference_mode()) made = ones(3);
        TensorVersion.Of(made).Should().BeNull("libtorch would throw for an inference tensor's version; the caller must assume it changed");
    }
}
