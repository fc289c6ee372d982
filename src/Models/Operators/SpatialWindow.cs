using TorchSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>
/// Kernel, strides, dilations and padding of a convolution or pooling node (ONNX attributes), including
/// <c>auto_pad</c>, which depends on the input size and so is resolved per run.
/// </summary>
internal sealed class SpatialWindow
{
    public SpatialWindow(OperatorContext context, NodeAttributes attributes, long[]? kernel)
    {
        Kernel = attributes.Ints("kernel_shape") ?? kernel ?? throw context.Error("kernel_shape is missing");
        var rank = Kernel.Length;
        Strides = attributes.Ints("strides") ?? Ones(rank);
        Dilations = attributes.Ints("dilations") ?? Ones(rank);
        Pads = attributes.Ints("pads") ?? new long[2 * rank];
        AutoPad = attributes.String("auto_pad", "NOTSET");
        CeilMode = attributes.Int("ceil_mode", 0) != 0;
        if (Strides.Length != rank || Dilations.Length != rank || Pads.Length != 2 * rank)
            throw context.Error($"kernel_shape has {rank} dimensions but strides/dilations/pads have " +
                                $"{Strides.Length}/{Dilations.Length}/{Pads.Length / 2}");
        if (Kernel.Any(k => k <= 0) || Strides.Any(s => s <= 0) || Dilations.Any(d => d <= 0) || Pads.Any(p => p < 0))
            throw context.Error("kernel, strides and dilations must be positive and pads non-negative");
        if (AutoPad is not ("NOTSET" or "VALID" or "SAME_UPPER" or "SAME_LOWER"))
            throw context.Error($"auto_pad '{AutoPad}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER");
    }

    public long[] Kernel { get; }
    public long[] Strides { get; }
    public long[] Dilations { get; }
    public long[] Pads { get; }
    public string AutoPad { get; }
    public bool CeilMode { get; }
    public int Rank => Kernel.Length;

    /// <summary>Begin and end padding per spatial dimension for an input of this spatial size.</summary>
    public (long[] Begin, long[] End) Resolve(long[] inputShape)
    {
        var begin = new long[Rank];
        var end = new long[Rank];
        for (var i = 0; i < Rank; i++)
        {
            switch (AutoPad)
            {
                case "VALID":
                    break;
                case "SAME_UPPER" or "SAME_LOWER":
                    var size = inputShape[inputShape.Length - Rank + i];
                    var outSize = (size + Strides[i] - 1) / Strides[i];
                    var total = Math.Max(0, (outSize - 1) * Strides[i] + (Kernel[i] - 1) * Dilations[i] + 1 - size);
                    begin[i] = AutoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                    end[i] = total - begin[i];
                    break;
                default:
                    begin[i] = Pads[i];
                    end[i] = Pads[i + Rank];
                    break;
            }
        }
        return (begin, end);
    }

    /// <summary>How many windows of <paramref name="kernel"/> taps fit along spatial dimension <paramref name="dimension"/> of an input already padded to <paramref name="paddedLength"/>.</summary>
    public long OutputLength(int dimension, long paddedLength, long kernel) => (paddedLength - Dilations[dimension] * (kernel - 1) - 1) / Strides[dimension] + 1;

    /// <summary>Torch's pad list (last dimension first) for begin/end pads.</summary>
    public static long[] TorchPads(long[] begin, long[] end)
    {
        var pads = new long[2 * begin.Length];
        for (var i = 0; i < begin.Length; i++)
        {
            pads[2 * i] = begin[begin.Length - 1 - i];
            pads[2 * i + 1] = end[begin.Length - 1 - i];
        }
        return pads;
    }

    public static bool Symmetric(long[] begin, long[] end) => begin.SequenceEqual(end);

    private static long[] Ones(int n) => Enumerable.Repeat(1L, n).ToArray();

    public static Tensor PadInput(Tensor x, long[] begin, long[] end, double value = 0) =>
        nn.functional.pad(x, TorchPads(begin, end), PaddingModes.Constant, value);
}
