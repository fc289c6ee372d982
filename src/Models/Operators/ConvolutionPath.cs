using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>
/// Which float32 convolutions are left to libtorch's oneDNN kernels; where only the output count is off, zero kernels
/// pad it; the others run in float64, where libtorch uses its own im2col and matrix-product kernels. Measured on
/// 2026-12-03 (libtorch 2.10's oneDNN on an AMD EPYC, on both its AVX-512 and its AVX2 code paths, against float64):
/// with channel counts that are not a multiple of oneDNN's block (16 on AVX-512, 8 on AVX2) a convolution gave wrong
/// values — forward where the input channels exceed the block, the input gradient wherever the output channels do not
/// fill it — off by 10–90 % and different from run to run; so did a stride-2 input gradient with 48 input channels and
/// InceptionV1's 1×1 convolutions from 512 to 112 channels (forward, by half). Grouped convolutions with one input
/// channel per group, and every tested shape whose channel counts are multiples of 32 (or with at most 4 input
/// channels, as an image has, and outputs a multiple of 32) were right; so were all shapes on the SSE4.1 path.
/// Inference alone is no safer: its forward kernels failed for the same channel counts, and which shapes fail depends
/// on the batch and the image size as well (512 → 112 was right at some sizes, wrong at InceptionV1's 14×14), so the
/// rule holds for gradients and inference alike. tests/Models/ConvolutionPathTests.cs checks every convolution of the
/// zoo's vision models and a grid of small shapes against float64 on the machine it runs on.
/// </summary>
internal static class ConvolutionPath
{
    /// <summary>Whether the rule applies to a convolution of <paramref name="x"/>: float32 on the CPU, where oneDNN computes it.</summary>
    public static bool Governs(Tensor x) => x.dtype == ScalarType.Float32 && x.device_type == TorchSharp.DeviceType.CPU;

    /// <summary>Whether oneDNN is trusted with a float32 convolution of these channel counts.</summary>
    public static bool LeftToOneDnn(long inputsPerGroup, long outputs, long groups)
    {
        if (groups > 1) return inputsPerGroup == 1;
        return TrustedInputs(inputsPerGroup) && outputs % 32 == 0;
    }

    /// <summary>
    /// How many output channels to give oneDNN (zero kernels added, their outputs dropped) so that it is trusted with the
    /// convolution, or null where the input channels rule it out: float64's im2col would copy the input nine times over.
    /// (A single output channel, a sweep's one-channel readout, is cheaper still as one convolution per input, summed.)
    /// </summary>
    public static long? PaddedOutputs(long inputsPerGroup, long outputs, long groups) =>
        groups == 1 && TrustedInputs(inputsPerGroup) && outputs % 32 != 0 ? (outputs + 31) / 32 * 32 : null;

    private static bool TrustedInputs(long inputs) => inputs <= 4 || inputs % 32 == 0;
}
