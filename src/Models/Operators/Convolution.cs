using CircuitSpec.Runtime;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CircuitSpec.Models.Operators;

/// <summary>ONNX Conv: 1-, 2- and 3-D, groups, dilations, strides, explicit or automatic (asymmetric) padding.</summary>
internal sealed class ConvOperator : GraphOperator
{
    private readonly NodeAttributes _attributes;
    private SpatialWindow? _window;
    private readonly long _groups;

    public ConvOperator(OperatorContext context, NodeAttributes attributes) : base(context)
    {
        _attributes = attributes;
        // Without kernel_shape the kernel comes from the weight's shape, known at the first run.
        if (attributes.Has("kernel_shape")) _window = CheckedWindow(null);
        _groups = attributes.Int("group", 1);
        if (_groups < 1) throw context.Error($"group must be at least 1, got {_groups}");
    }

    public long Groups => _groups;

    internal override SpatialWindow? Window => _window;

    private SpatialWindow CheckedWindow(long[]? kernel)
    {
        var window = new SpatialWindow(Context, _attributes, kernel);
        if (window.Rank is < 1 or > 3) throw Context.Unsupported($"{window.Rank}-D convolution");
        return window;
    }

    public override Tensor[] Run(Tensor?[] inputs) => [Convolve(Input(inputs, 0), Input(inputs, 1), Optional(inputs, 2), _groups)];

    /// <summary>This node's convolution (its padding, strides, dilations) with other weights split into <paramref name="groups"/> groups.</summary>
    internal Tensor Convolve(Tensor x, Tensor w, Tensor? b, long groups)
    {
        _window ??= CheckedWindow(w.shape[2..]);
        var (begin, end) = _window.Resolve(x.shape);
        if (FourierPays(x, w, begin, end, groups))
            return FourierConvolution.Correlate(x, w, b, begin, end, groups);
        if (!ConvolutionPath.Governs(x) || ConvolutionPath.LeftToOneDnn(w.shape[1], w.shape[0], groups))
            return Direct(_window, x, w, b, groups, begin, end);
        if (ConvolutionPath.PaddedOutputs(w.shape[1], w.shape[0], groups) is { } padded)
        {
            if (w.shape[0] == 1) return OneOutput(x, w, b, begin, end);
            var extra = padded - w.shape[0];
            var wider = cat([w, zeros([extra, .. w.shape[1..]], w.dtype, w.device)], 0);
            var widerBias = b is null ? null : cat([b, zeros([extra], b.dtype, b.device)], 0);
            return Direct(_window, x, wider, widerBias, groups, begin, end).narrow(1, 0, w.shape[0]);
        }
        return Direct(_window, x.to_type(ScalarType.Float64), w.to_type(ScalarType.Float64), b?.to_type(ScalarType.Float64), groups, begin, end).to_type(ScalarType.Float32);
    }

    /// <summary>Whether this node's convolution of <paramref name="x"/> by <paramref name="w"/> goes through the Fourier transform.</summary>
    internal bool TakesFourierRoute(Tensor x, Tensor w, long groups)
    {
        _window ??= CheckedWindow(w.shape[2..]);
        var (begin, end) = _window.Resolve(x.shape);
        return FourierPays(x, w, begin, end, groups);
    }

    private bool FourierPays(Tensor x, Tensor w, long[] begin, long[] end, long groups) =>
        _window!.Rank == 2 && _window.Strides.All(s => s == 1) && _window.Dilations.All(d => d == 1) && FourierConvolution.Pays(x, w, begin, end, groups);

    // One output channel (a sweep read at one unit computes that channel alone). In 2-D: the input's channels contracted
    // with each tap's weights in one matrix product ([taps, C] · [C, H·W] per image), then each tap's map shifted into
    // place by the window and summed — one pass over the input, where one convolution per input channel summed wrote and
    // read an input-sized map again (bench row 3's readout, 260 × 256 × 14 × 14: 18 against 6 ms). Elsewhere (1-D, 3-D)
    // that per-channel convolution, which oneDNN computes right; padding the output with 31 zero kernels took about
    // twice as long as it. Either sum's order differs from a full convolution's: the channel agrees with it to rounding.
    private Tensor OneOutput(Tensor x, Tensor w, Tensor? b, long[] begin, long[] end)
    {
        var inputs = w.shape[1];
        var sum = _window!.Rank == 2 ? TapSums(x, w, begin, end)
            : Direct(_window, x, w.reshape([inputs, 1, .. w.shape[2..]]), null, inputs, begin, end).sum(1, keepdim: true);
        return b is null ? sum : sum.add(b.reshape([1, 1, .. Enumerable.Repeat(1L, _window.Rank)]), HeldScalars.One);
    }

    private Tensor TapSums(Tensor x, Tensor w, long[] begin, long[] end)
    {
        var (images, inputs, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var (kh, kw) = (w.shape[2], w.shape[3]);
        var (stride, dilation) = (_window!.Strides, _window.Dilations);
        var perTap = w.reshape(inputs, kh * kw).t().matmul(x.reshape(images, inputs, height * width)).view(images, kh * kw, height, width);
        var padded = SpatialWindow.PadInput(perTap, begin, end);
        var (outHeight, outWidth) = (_window.OutputLength(0, padded.shape[2], kh), _window.OutputLength(1, padded.shape[3], kw));
        Tensor? sum = null;
        for (var ky = 0L; ky < kh; ky++)
        for (var kx = 0L; kx < kw; kx++)
        {
            var shifted = padded.narrow(1, ky * kw + kx, 1)
                .slice(2, ky * dilation[0], ky * dilation[0] + stride[0] * (outHeight - 1) + 1, stride[0])
                .slice(3, kx * dilation[1], kx * dilation[1] + stride[1] * (outWidth - 1) + 1, stride[1]);
            sum = sum is null ? shifted.clone() : sum.add_(shifted, HeldScalars.One);
        }
        return sum!;
    }

    /// <summary>
    /// Each row of <paramref name="x"/> ([rows, 1, …]: one channel) convolved with its own kernels
    /// (<paramref name="kernels"/>: [rows, outputs, …]) by this node's window: [rows, outputs, …]. In 2-D one matrix
    /// product per row of its unfolded patches (where they are no larger than the output), which took 9.5 against 14.4 ms
    /// as one convolution of a group per row, the sum with the stimuli's convolution included (bench row 3's 260 rows of
    /// 14 × 14 into 256 outputs).
    /// </summary>
    internal Tensor ConvolveEachRow(Tensor x, Tensor kernels)
    {
        _window ??= CheckedWindow(kernels.shape[2..]);
        var (rows, outputs) = (x.shape[0], kernels.shape[1]);
        var taps = kernels.shape[2..].Aggregate(1L, (a, b) => a * b);
        // The unfolded patches hold a row's input once per tap: no larger than its output while taps ≤ outputs.
        if (_window.Rank != 2 || taps > outputs)
        {
            var grouped = Convolve(x.reshape([1, rows, .. x.shape[2..]]), kernels.reshape([rows * outputs, 1, .. kernels.shape[2..]]), null, rows);
            return grouped.reshape([rows, outputs, .. grouped.shape[2..]]);
        }
        var (begin, end) = _window.Resolve(x.shape);
        if (!SpatialWindow.Symmetric(begin, end)) (x, begin) = (SpatialWindow.PadInput(x, begin, end), [0, 0]);
        var (kh, kw) = (kernels.shape[2], kernels.shape[3]);
        var patches = F.unfold(x, (kh, kw), (_window.Dilations[0], _window.Dilations[1]), (begin[0], begin[1]), (_window.Strides[0], _window.Strides[1]));
        var height = _window.OutputLength(0, x.shape[2] + 2 * begin[0], kh);
        return kernels.reshape(rows, outputs, taps).bmm(patches).unflatten(2, [height, patches.shape[2] / height]);
    }

    private static Tensor Direct(SpatialWindow window, Tensor x, Tensor w, Tensor? b, long groups, long[] begin, long[] end)
    {
        long[] padding;
        if (SpatialWindow.Symmetric(begin, end)) padding = begin;
        else
        {
            x = SpatialWindow.PadInput(x, begin, end);
            padding = new long[window.Rank];
        }
        return window.Rank switch
        {
            1 => F.conv1d(x, w, b, window.Strides[0], padding[0], window.Dilations[0], groups),
            2 => F.conv2d(x, w, b, window.Strides, padding, window.Dilations, groups),
            _ => F.conv3d(x, w, b, window.Strides, padding, window.Dilations, groups),
        };
    }
}

/// <summary>ONNX ConvTranspose (1-, 2-, 3-D) with output_padding.</summary>
internal sealed class ConvTransposeOperator : GraphOperator
{
    private readonly NodeAttributes _attributes;
    private readonly long _groups;
    private long[]? _outputPadding;
    private SpatialWindow? _window;

    public ConvTransposeOperator(OperatorContext context, NodeAttributes attributes) : base(context)
    {
        _attributes = attributes;
        _groups = attributes.Int("group", 1);
        if (attributes.Has("output_shape")) throw context.Unsupported("the output_shape attribute");
        // Without kernel_shape the kernel is the weight's spatial shape, known when the node first runs.
        if (attributes.Has("kernel_shape")) _window = MakeWindow(null);
        else foreach (var name in new[] { "strides", "dilations", "pads", "auto_pad", "output_padding" }) attributes.Has(name);
    }

    private SpatialWindow MakeWindow(long[]? kernel)
    {
        var window = new SpatialWindow(Context, _attributes, kernel);
        _outputPadding = _attributes.Ints("output_padding") ?? new long[window.Rank];
        if (window.AutoPad is "SAME_UPPER" or "SAME_LOWER") throw Context.Unsupported($"auto_pad {window.AutoPad}");
        if (!SpatialWindow.Symmetric(window.Pads[..window.Rank], window.Pads[window.Rank..]))
            throw Context.Unsupported("asymmetric pads");
        return window;
    }

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var w = Input(inputs, 1);
        var b = Optional(inputs, 2);
        var window = _window ??= MakeWindow(w.shape[2..]);
        var outputPadding = _outputPadding!;
        var pads = window.Pads[..window.Rank];
        // A transposed convolution is oneDNN's input-gradient kernel: the same shapes go wrong (ConvolutionPath).
        var precise = ConvolutionPath.Governs(x) && !ConvolutionPath.LeftToOneDnn(w.shape[0] / _groups, w.shape[1] * _groups, _groups);
        if (precise) (x, w, b) = (x.to_type(ScalarType.Float64), w.to_type(ScalarType.Float64), b?.to_type(ScalarType.Float64));
        var y = window.Rank switch
        {
            1 => F.conv_transpose1d(x, w, b, window.Strides[0], pads[0], outputPadding[0], window.Dilations[0], _groups),
            2 => F.conv_transpose2d(x, w, b, window.Strides, pads, outputPadding, window.Dilations, _groups),
            _ => F.conv_transpose3d(x, w, b, window.Strides, pads, outputPadding, window.Dilations, _groups),
        };
        return [precise ? y.to_type(ScalarType.Float32) : y];
    }
}

/// <summary>ONNX Gemm: alpha·A'·B' + beta·C.</summary>
internal sealed class GemmOperator(OperatorContext context, NodeAttributes attributes) : GraphOperator(context)
{
    private readonly float _alpha = attributes.Float("alpha", 1f);
    private readonly float _beta = attributes.Float("beta", 1f);
    private readonly bool _transA = attributes.Int("transA", 0) != 0;
    private readonly bool _transB = attributes.Int("transB", 0) != 0;

    /// <summary>The weight B as [out, in] (what a fully connected layer multiplies its input by), or null when A is transposed.</summary>
    public Tensor? WeightMatrix(Tensor b) => _transA ? null : (_transB ? b : b.t()).Times(_alpha);

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var a = Input(inputs, 0);
        var b = Input(inputs, 1);
        if (_transA) a = a.t();
        if (_transB) b = b.t();
        var y = a.matmul(b);
        if (_alpha != 1f) y = y.Times(_alpha);
        if (Optional(inputs, 2) is { } c) y = y.Plus(_beta == 1f ? c : c.Times(_beta));
        return [y];
    }
}
