using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Operators;

/// <summary>ONNX DepthToSpace (DCR or CRD) and SpaceToDepth: channels moved into blocks of space and back.</summary>
internal sealed class DepthToSpaceOperator(OperatorContext context, NodeAttributes attributes, bool toSpace) : GraphOperator(context)
{
    private readonly long _block = attributes.Int("blocksize");
    private readonly string _mode = toSpace ? attributes.String("mode", "DCR") : "DCR";

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        if (x.dim() != 4) throw Context.Error($"needs a rank-4 input [N, C, H, W], got rank {x.dim()}");
        var (n, c, h, w, b) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], _block);
        if (!toSpace)
            return [x.reshape(n, c, h / b, b, w / b, b).permute(0, 3, 5, 1, 2, 4).reshape(n, c * b * b, h / b, w / b)];
        if (c % (b * b) != 0) throw Context.Error($"{c} channels do not split into blocks of {b}×{b}");
        return [_mode == "CRD"
            ? x.reshape(n, c / (b * b), b, b, h, w).permute(0, 1, 4, 2, 5, 3).reshape(n, c / (b * b), h * b, w * b)
            : x.reshape(n, b, b, c / (b * b), h, w).permute(0, 3, 4, 1, 5, 2).reshape(n, c / (b * b), h * b, w * b)];
    }
}

/// <summary>
/// ONNX Resize (opset 10 on) and Upsample: nearest, linear or cubic interpolation, axis by axis, with the coordinate
/// transformation, nearest rounding, cubic coefficient and exclude_outside of the spec. Refused: tf_crop_and_resize,
/// antialiasing and aspect-ratio policies other than stretch.
/// </summary>
internal sealed class ResizeOperator : GraphOperator
{
    private readonly bool _upsample;
    private readonly string _mode;
    private readonly string _transform;
    private readonly string _nearest;
    private readonly double _cubicA;
    private readonly bool _excludeOutside;
    private readonly float[]? _scalesAttribute;
    private readonly long[]? _axes;

    public ResizeOperator(OperatorContext context, NodeAttributes attributes, bool upsample) : base(context)
    {
        _upsample = upsample;
        _mode = attributes.String("mode", "nearest");
        if (_mode == "bilinear") _mode = "linear";
        _transform = upsample || context.Opset < 11 ? "asymmetric" : attributes.String("coordinate_transformation_mode", "half_pixel");
        _nearest = upsample || context.Opset < 11 ? "floor" : attributes.String("nearest_mode", "round_prefer_floor");
        _cubicA = attributes.Float("cubic_coeff_a", -0.75f);
        _excludeOutside = attributes.Int("exclude_outside", 0) != 0;
        _scalesAttribute = attributes.Floats("scales");
        _axes = attributes.Ints("axes");
        attributes.Ignore("extrapolation_value");
        if (_mode is not ("nearest" or "linear" or "cubic")) throw context.Unsupported($"mode '{_mode}'");
        if (_transform is not ("half_pixel" or "half_pixel_symmetric" or "pytorch_half_pixel" or "align_corners" or "asymmetric"))
            throw context.Unsupported($"coordinate_transformation_mode '{_transform}'");
        if (_nearest is not ("round_prefer_floor" or "round_prefer_ceil" or "floor" or "ceil"))
            throw context.Unsupported($"nearest_mode '{_nearest}'");
        if (attributes.Int("antialias", 0) != 0) throw context.Unsupported("antialias");
        if (attributes.String("keep_aspect_ratio_policy", "stretch") != "stretch") throw context.Unsupported("keep_aspect_ratio_policy other than stretch");
    }

    public override Tensor[] Run(Tensor?[] inputs)
    {
        var x = Input(inputs, 0);
        var rank = (int)x.dim();
        var axes = (_axes ?? Enumerable.Range(0, rank).Select(a => (long)a).ToArray()).Select(a => (int)Normalize(a, rank)).ToArray();
        var (scalesInput, sizesInput) = _upsample || Context.Opset < 11 ? (Optional(inputs, 1), null) : (Optional(inputs, 2), Optional(inputs, 3));
        double[]? scales = _scalesAttribute?.Select(s => (double)s).ToArray()
                           ?? (scalesInput is { } s && s.numel() > 0 ? s.to(ScalarType.Float64).cpu().data<double>().ToArray() : null);
        var sizes = sizesInput is { } z && z.numel() > 0 ? Longs(z) : null;
        if (scales is null == sizes is null) throw Context.Error("needs exactly one of scales and sizes");
        if ((scales?.Length ?? sizes!.Length) != axes.Length)
            throw Context.Error($"{scales?.Length ?? sizes!.Length} scales or sizes for {axes.Length} axes");
        var result = x;
        for (var i = 0; i < axes.Length; i++)
        {
            var length = x.shape[axes[i]];
            var output = sizes?[i] ?? (long)Math.Floor(length * scales![i]);
            var scale = scales?[i] ?? (double)output / length;
            if (output == length && scale == 1) continue;
            if (output <= 0) throw Context.Error($"axis {axes[i]} would have {output} elements");
            GuardSize([.. result.shape[..axes[i]], output, .. result.shape[(axes[i] + 1)..]]);
            result = Resample(result, axes[i], length, output, scale);
        }
        return [result];
    }

    private Tensor Resample(Tensor x, int axis, long length, long output, double scale)
    {
        var source = Enumerable.Range(0, (int)output).Select(o => Source(o, length, output, scale)).ToArray();
        var device = x.device;
        Tensor Pick(IEnumerable<long> indices) => tensor(indices.Select(i => Math.Clamp(i, 0, length - 1)).ToArray(), device: device);
        Tensor Weight(IEnumerable<double> weights)
        {
            var shape = Enumerable.Repeat(1L, (int)x.dim()).ToArray();
            shape[axis] = output;
            return tensor(weights.ToArray(), device: device).reshape(shape).to(x.dtype);
        }

        switch (_mode)
        {
            case "nearest":
                return x.index_select(axis, Pick(source.Select(Nearest)));
            case "linear":
            {
                var low = source.Select(s => (long)Math.Floor(s)).ToArray();
                var t = source.Zip(low, (s, l) => s - l).ToArray();
                return (x.index_select(axis, Pick(low)) * Weight(t.Select(v => 1 - v))).Plus(x.index_select(axis, Pick(low.Select(l => l + 1))) * Weight(t));
            }
            default:
            {
                var floor = source.Select(s => (long)Math.Floor(s)).ToArray();
                var weights = source.Zip(floor, (s, f) => Cubic(s - f, f, length)).ToArray();
                var sum = x.index_select(axis, Pick(floor.Select(f => f - 1))) * Weight(weights.Select(w => w[0]));
                for (var k = 1; k < 4; k++)
                    sum = sum.Plus(x.index_select(axis, Pick(floor.Select(f => f - 1 + k))) * Weight(weights.Select(w => w[k])));
                return sum;
            }
        }
    }

    // Where output position o falls on the input axis.
    private double Source(long o, long length, long output, double scale) => _transform switch
    {
        "asymmetric" => o / scale,
        // With scales, the spec's reference divides by the unrounded output length.
        "align_corners" => output == 1 ? 0 : o * (length - 1.0) / (length * scale - 1.0),
        "pytorch_half_pixel" => output > 1 ? (o + 0.5) / scale - 0.5 : 0,
        "half_pixel_symmetric" => length / 2.0 * (1 - output / (scale * length)) + (o + 0.5) / scale - 0.5,
        _ => (o + 0.5) / scale - 0.5,
    };

    private long Nearest(double s) => _nearest switch
    {
        "floor" => (long)Math.Floor(s),
        "ceil" => (long)Math.Ceiling(s),
        "round_prefer_ceil" => (long)Math.Floor(s + 0.5),
        _ => (long)Math.Ceiling(s - 0.5),
    };

    // Keys' cubic convolution weights of the four neighbours floor − 1 … floor + 2 at fraction t.
    private double[] Cubic(double t, long floor, long length)
    {
        var a = _cubicA;
        double Near(double d) => ((a + 2) * d - (a + 3)) * d * d + 1;
        double Far(double d) => ((a * d - 5 * a) * d + 8 * a) * d - 4 * a;
        var w = new[] { Far(t + 1), Near(t), Near(1 - t), Far(2 - t) };
        if (!_excludeOutside) return w;
        for (var k = 0; k < 4; k++)
            if (floor - 1 + k < 0 || floor - 1 + k >= length) w[k] = 0;
        var total = w.Sum();
        return w.Select(v => v / total).ToArray();
    }
}
