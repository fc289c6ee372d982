using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CircuitSpec.Models.Operators;

/// <summary>ONNX MaxPool (1-3 D, dilations, ceil mode, asymmetric padding with −∞).</summary>
internal sealed class MaxPoolOperator : GraphOperator
{
    private readonly SpatialWindow _window;

    public MaxPoolOperator(OperatorContext context, NodeAttributes attributes) : base(context)
    {
        _window = new SpatialWindow(context, attributes, null);
        // storage_order only orders the Indices output (refused below); count_include_pad means nothing to a maximum.
        attributes.Ignore("storage_order", "count_include_pad");
        if (context.OutputCount > 1) throw context.Unsupported("the Indices output");
        if (_window.Rank is < 1 or > 3) throw context.Unsupported($"{_window.Rank}-D pooling");
    }

    internal override SpatialWindow? Window => _window;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var (begin, end) = _window.Resolve(x.shape);
        long[] padding;
        var ceilMode = _window.CeilMode;
        if (SpatialWindow.Symmetric(begin, end) && begin.Zip(_window.Kernel).All(p => p.First * 2 <= p.Second)) padding = begin;
        else if (EndPaddingIsCeilMode(x.shape, begin, end))
        {
            padding = begin;
            ceilMode = true;
        }
        else
        {
            x = SpatialWindow.PadInput(x, begin, end, double.NegativeInfinity);
            padding = new long[_window.Rank];
        }
        return [_window.Rank switch
        {
            1 => F.max_pool1d(x, _window.Kernel[0], _window.Strides[0], padding[0], _window.Dilations[0], ceilMode),
            2 => MaxPool2d(x, padding, ceilMode),
            _ => F.max_pool3d(x, _window.Kernel, _window.Strides, padding, _window.Dilations, ceilMode),
        }];
    }

    // libtorch pools a plain (NCHW) CPU tensor one window at a time, finding each window's index as it goes: ResNet-18's
    // pooling at 8 images took 27 ms. Its channels-last kernel runs along the channels in vector registers (1.8 ms), and
    // gives the same values and, on ties, chooses the same input, so gradients are the same too; copying the input into
    // that layout and the output back costs less than the difference wherever there are enough channels to fill a vector.
    private Tensor MaxPool2d(Tensor x, long[] padding, bool ceilMode)
    {
        if (x.device_type != TorchSharp.DeviceType.CPU || x.dim() != 4 || x.shape[1] < 16)
            return F.max_pool2d(x, _window.Kernel, _window.Strides, padding, _window.Dilations, ceilMode);
        var channelsLast = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
        return F.max_pool2d(channelsLast, _window.Kernel, _window.Strides, padding, _window.Dilations, ceilMode).contiguous();
    }

    // Padding at the end only (Caffe's pooling, converted): libtorch's ceil mode clips the last windows there as −∞ padding
    // would, where it gives as many windows. Padding a copy first writes the whole input once more (InceptionV1's first
    // pooling at 32 images: 103 MB).
    private bool EndPaddingIsCeilMode(long[] shape, long[] begin, long[] end)
    {
        if (_window.CeilMode || begin.Any(b => b != 0)) return false;
        for (var i = 0; i < _window.Rank; i++)
        {
            var (size, stride) = (shape[shape.Length - _window.Rank + i], _window.Strides[i]);
            var extent = (_window.Kernel[i] - 1) * _window.Dilations[i] + 1;
            if (size < extent) return false;
            var padded = _window.OutputLength(i, size + end[i], _window.Kernel[i]);
            var ceil = (size - extent + stride - 1) / stride + 1;
            if ((ceil - 1) * stride >= size) ceil--; // libtorch's rule: the last window starts inside the input
            if (padded != ceil) return false;
        }
        return true;
    }

    /// <summary>Linearized, max pooling becomes average pooling over the same window (padding counted as zeros).</summary>
    public override Tensor[] RunLinearized(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        if (_window.Rank != 2 || _window.Dilations.Any(d => d != 1)) throw Context.Unsupported("linearizing this max pooling");
        var (begin, end) = _window.Resolve(x.shape);
        x = SpatialWindow.PadInput(x, begin, end);
        return [F.avg_pool2d(x, _window.Kernel, _window.Strides, [0, 0], _window.CeilMode, count_include_pad: true)];
    }
}

/// <summary>ONNX AveragePool, honouring count_include_pad (default: padding is not counted) and asymmetric pads.</summary>
internal sealed class AveragePoolOperator : GraphOperator
{
    private readonly SpatialWindow _window;
    private readonly bool _countIncludePad;

    public AveragePoolOperator(OperatorContext context, NodeAttributes attributes) : base(context)
    {
        _window = new SpatialWindow(context, attributes, null);
        _countIncludePad = attributes.Int("count_include_pad", 0) != 0;
        if (_window.Dilations.Any(d => d != 1)) throw context.Unsupported("dilated average pooling");
        if (_window.Rank is < 1 or > 3) throw context.Unsupported($"{_window.Rank}-D pooling");
    }

    internal override SpatialWindow? Window => _window;

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var (begin, end) = _window.Resolve(x.shape);
        if (SpatialWindow.Symmetric(begin, end) && begin.Zip(_window.Kernel).All(p => p.First * 2 <= p.Second))
            return [Pool(x, begin, _countIncludePad)];
        var padded = SpatialWindow.PadInput(x, begin, end);
        var zero = new long[_window.Rank];
        if (_countIncludePad) return [Pool(padded, zero, true)];
        // Mean over real pixels only: pool the padded input and a padded mask of ones, and divide.
        var shape = x.shape.ToArray();
        shape[0] = 1;
        shape[1] = 1;
        var mask = SpatialWindow.PadInput(ones(shape, dtype: x.dtype, device: x.device), begin, end);
        return [Pool(padded, zero, true) / Pool(mask, zero, true)];
    }

    private Tensor Pool(Tensor x, long[] padding, bool countIncludePad) => _window.Rank switch
    {
        1 => F.avg_pool1d(x, _window.Kernel[0], _window.Strides[0], padding[0], _window.CeilMode, countIncludePad),
        2 => F.avg_pool2d(x, _window.Kernel, _window.Strides, padding, _window.CeilMode, countIncludePad),
        _ => F.avg_pool3d(x, _window.Kernel, _window.Strides, padding, _window.CeilMode, countIncludePad),
    };
}

/// <summary>ONNX GlobalAveragePool / GlobalMaxPool: over every spatial dimension, kept as size 1.</summary>
internal sealed class GlobalPoolOperator(OperatorContext context, bool max) : GraphOperator(context)
{
    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var dims = Enumerable.Range(2, (int)x.dim() - 2).Select(d => (long)d).ToArray();
        return [max ? x.amax(dims, keepdim: true) : x.mean(dims, keepdim: true)];
    }

    public override Tensor[] RunLinearized(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        return [x.mean(Enumerable.Range(2, (int)x.dim() - 2).Select(d => (long)d).ToArray(), keepdim: true)];
    }
}
