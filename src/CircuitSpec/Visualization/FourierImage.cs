using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Visualization;

/// <summary>
/// Lucid's image parameterization: the image is optimized as a Fourier spectrum scaled by 1/frequency (so that every
/// frequency learns at a similar rate — no high-frequency noise), in a decorrelated colour space (ImageNet's colour
/// correlation, whitened), squashed into [0, 1] with a sigmoid.
/// </summary>
internal sealed class FourierImage : IDisposable
{
    // The square root of ImageNet's RGB colour correlation (its SVD), as published with Lucid; normalized below.
    private static readonly float[,] ColourCorrelationSqrt =
    {
        { 0.26f, 0.09f, 0.02f },
        { 0.27f, 0.00f, -0.05f },
        { 0.27f, -0.09f, 0.03f },
    };

    private readonly Tensor _scale;
    private readonly Tensor _colour;

    public FourierImage(int batch, int height, int width, Generator generator, Device device, double standardDeviation = 0.01, double decay = 1)
    {
        (Height, Width) = (height, width);
        var fy = fft.fftfreq(height).unsqueeze(1);
        var fx = fft.rfftfreq(width).unsqueeze(0);
        var frequencies = (fy * fy).Plus(fx * fx).sqrt();
        _scale = frequencies.AtLeast(1.0 / Math.Max(width, height)).Power(decay).reciprocal().Times(Math.Sqrt(width * height)).to(device)
            .unsqueeze(-1).DetachFromDisposeScope();
        var matrix = tensor(ColourCorrelationSqrt);
        var maxNorm = matrix.norm(0, keepdim: false).max();
        _colour = (matrix / maxNorm).to(device).DetachFromDisposeScope();
        Spectrum = new TorchSharp.Modules.Parameter(
            randn([batch, 3, height, width / 2 + 1, 2], generator: generator).Times(standardDeviation).to(device), requires_grad: true);
    }

    public int Height { get; }
    public int Width { get; }

    /// <summary>The optimized variable.</summary>
    public TorchSharp.Modules.Parameter Spectrum { get; }

    /// <summary>The images, [N, 3, H, W] RGB in [0, 1].</summary>
    public Tensor Image()
    {
        var scaled = view_as_complex(Spectrum * _scale);
        var decorrelated = fft.irfft2(scaled, s: [Height, Width]).DividedBy(4); // backward normalization (1/HW), as TensorFlow's irfft2d in Lucid
        // Mix the decorrelated channels back into correlated RGB: x[n, :, y, x] ← colour · x[n, :, y, x].
        var rgb = einsum("ij,njhw->nihw", _colour, decorrelated);
        return rgb.sigmoid();
    }

    public void Dispose()
    {
        _scale.Dispose();
        _colour.Dispose();
        Spectrum.Dispose();
    }
}
