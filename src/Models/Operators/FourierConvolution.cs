using CircuitSpec.Runtime;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>
/// A 2-D convolution with stride 1 and no dilation computed through the Fourier transform, in double precision, where
/// that costs less than the direct sum: large kernels over few channels, such as the planted circuit's 25×25 and 31×31
/// kernels (36 images: 25 and 11 ms against libtorch's 180 and 50 ms). Double precision keeps it nearer the exact sum
/// than float32's direct convolution (2e-7 against 1.3e-6 at most on the planted curve layer). The transforms leave
/// rounding noise of about 1e-16 of the output's scale where the exact sum is zero; values below
/// <see cref="ZeroBelow"/> of the largest the output could reach are set to zero (their gradient kept), so that a
/// window over zeros gives exactly zero, as the direct sum does.
/// </summary>
internal static class FourierConvolution
{
    /// <summary>What share of the largest reachable value (Σ max|x|·Σ|w| over the inputs) counts as zero.</summary>
    public const double ZeroBelow = 1e-11;

    // A cost model measured on a 2-core AMD EPYC (AVX-512, 2 threads): libtorch's direct convolution takes about
    // 0.007 ns a multiply-add with many output channels per group and up to nine times that with one; the double
    // transforms about 0.4–0.65 ns per element times log2 of the transform's size.
    private const double DirectNanosecondsPerMultiplyAdd = 0.007, TransformNanosecondsPerElementBit = 0.65;

    // Beyond this the transformed input alone would hold more memory than the direct convolution's workspace.
    private const long MaxTransformBytes = 1L << 30;

    /// <summary>Whether <see cref="Correlate"/> is expected to cost less than libtorch's direct convolution for these shapes.</summary>
    public static bool Pays(Tensor x, Tensor w, long[] begin, long[] end, long groups)
    {
        if (x.device_type != TorchSharp.DeviceType.CPU || x.dtype is not (ScalarType.Float32 or ScalarType.Float64) || x.dim() != 4 || w.dim() != 4) return false;
        long n = x.shape[0], inputs = x.shape[1], outputs = w.shape[0], perGroup = w.shape[1], kh = w.shape[2], kw = w.shape[3];
        long lh = x.shape[2] + begin[0] + end[0], lw = x.shape[3] + begin[1] + end[1];
        if (lh < kh || lw < kw || outputs % groups != 0) return false;
        long fh = SmoothSize(lh), fw = SmoothSize(lw);
        if (n * inputs * fh * (fw / 2 + 1) * 16 > MaxTransformBytes) return false;
        var outputsPerGroup = outputs / groups;
        var direct = (double)n * outputs * perGroup * kh * kw * (lh - kh + 1) * (lw - kw + 1) * DirectNanosecondsPerMultiplyAdd * (1 + 8.0 / outputsPerGroup);
        var transformed = (double)(n * inputs + n * outputs + outputs * perGroup) * fh * fw * Math.Log2(fh * fw) * TransformNanosecondsPerElementBit;
        return transformed < direct;
    }

    /// <summary>
    /// The cross-correlation libtorch's conv2d computes (stride 1, no dilation), with <paramref name="begin"/> and
    /// <paramref name="end"/> zero padding per spatial dimension and <paramref name="groups"/> groups.
    /// </summary>
    public static Tensor Correlate(Tensor x, Tensor w, Tensor? b, long[] begin, long[] end, long groups)
    {
        using var scope = NewDisposeScope();
        long n = x.shape[0], outputs = w.shape[0], perGroup = w.shape[1], kh = w.shape[2], kw = w.shape[3];
        var outputsPerGroup = outputs / groups;
        var signal = F.pad(x.to_type(ScalarType.Float64), [begin[1], end[1], begin[0], end[0]]);
        var kernel = w.to_type(ScalarType.Float64);
        long lh = signal.shape[2], lw = signal.shape[3];
        long fh = SmoothSize(lh), fw = SmoothSize(lw), frequencies = fh * (fw / 2 + 1);

        // A transform at least as long as the padded input wraps only into the outputs cut off below.
        var signalSpectrum = view_as_real(fft.rfft2(signal, [fh, fw]).reshape(n, groups, perGroup, frequencies));
        var kernelSpectrum = view_as_real(fft.rfft2(kernel, [fh, fw]).reshape(groups, outputsPerGroup, perGroup, frequencies));

        // Per frequency and group, Σ over the group's inputs of X·conj(K) — (xr + i·xi)(kr − i·ki) — as one real
        // matrix product: [xr | xi] × [[kr, −ki], [ki, kr]].
        var rows = signalSpectrum.permute(3, 1, 0, 4, 2).reshape(frequencies * groups, n, 2 * perGroup);
        var kr = kernelSpectrum.select(-1, 0).permute(3, 0, 2, 1);
        var ki = kernelSpectrum.select(-1, 1).permute(3, 0, 2, 1);
        var blocks = cat([cat([kr, ki.neg()], 3), cat([ki, kr], 3)], 2).reshape(frequencies * groups, 2 * perGroup, 2 * outputsPerGroup);
        // view_as_complex asks even strides of every dimension, size 1 ones too: the view names the sizes afresh.
        var product = rows.bmm(blocks).reshape(fh, fw / 2 + 1, groups, n, 2, outputsPerGroup).permute(3, 2, 5, 0, 1, 4).contiguous()
            .view(n, outputs, fh, fw / 2 + 1, 2);
        var y = fft.irfft2(view_as_complex(product), [fh, fw])
            .slice(2, 0, lh - kh + 1, 1).slice(3, 0, lw - kw + 1, 1);

        var reach = signal.abs().amax([2, 3]).reshape(n, groups, 1, perGroup).mul(kernel.abs().sum([2, 3]).reshape(1, groups, outputsPerGroup, perGroup))
            .sum(-1).reshape(n, outputs, 1, 1);
        var noise = where(y.abs().le(reach.Times(ZeroBelow)), y, zeros_like(y)).detach();
        y = y.sub(noise).to_type(x.dtype);
        if (b is not null) y = y.Plus(b.reshape(1, outputs, 1, 1));
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>The least size at least <paramref name="size"/> with no prime factor above 7, which the transforms handle fastest.</summary>
    internal static long SmoothSize(long size)
    {
        for (var candidate = size; ; candidate++)
        {
            var rest = candidate;
            foreach (var prime in new long[] { 2, 3, 5, 7 })
                while (rest % prime == 0) rest /= prime;
            if (rest == 1) return candidate;
        }
    }
}
