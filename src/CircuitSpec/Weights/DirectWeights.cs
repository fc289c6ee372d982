using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Weights;

/// <summary>
/// Reads the kernel that connects a source layer to a target unit straight from the model's weights. From the target
/// it walks back through channel-preserving steps (ReLU, pooling, dropout), folds per-channel affine maps (batch
/// normalization) into the kernel, and follows concatenations to the branch that computes the target channel; at the
/// convolution, it finds the source layer among the convolution's inputs (again through concatenations, which fixes
/// the channel offset of Inception branches).
/// </summary>
/// <summary>No single kernel connects the two layers (they are further apart, or joined by a residual sum).</summary>
public sealed class NotAdjacentException(string problem, string remedy)
    : CircuitSpecException($"{problem} {remedy} expanded weights (ExpandedWeightsTo / InputWeights(expanded: true)).")
{
    /// <summary>What is not adjacent, without the remedy (which the CLI words as its own flag).</summary>
    public string Problem { get; } = problem;

    /// <summary>The remedy's opening ("For layers further apart use"), completed by the API or the CLI flag that gives expanded weights.</summary>
    public string Remedy { get; } = remedy;
}

internal static class DirectWeights
{
    public static InputWeights Read(Unit target, string sourceLayer)
    {
        var model = target.Model;
        var source = model.Resolve(sourceLayer);
        using var scope = NewDisposeScope();
        var (point, channel, factor) = (target.Point, target.Channel, 1.0);
        while (true)
        {
            if (point == source)
                throw new CircuitSpecException($"{target.Label} is computed from '{sourceLayer}' without a convolution in between; there is no kernel to read.");
            switch (model.StepInto(point))
            {
                case PassThroughStep pass:
                    point = pass.Input;
                    break;
                case ChannelAffineStep affine:
                    factor *= affine.Scale[channel].AsDouble();
                    point = affine.Input;
                    break;
                case ConcatStep concat:
                    var branch = 0;
                    while (branch < concat.Inputs.Count && channel >= concat.Channels[branch]) channel -= concat.Channels[branch++];
                    point = concat.Inputs[branch];
                    break;
                case SumStep:
                    throw new NotAdjacentException(
                        $"{target.Label} is a sum of several paths at '{model.DisplayName(point)}' (a residual connection), so no single kernel connects it to " +
                        $"'{sourceLayer}'.", "Read a branch before the sum, or use");
                case ConvolutionStep conv:
                    return Slice(target, sourceLayer, source, conv, channel, factor);
                default:
                    var op = model.OperatorOf(point);
                    throw new CircuitSpecException(op is "Conv" or "Gemm" or "MatMul"
                        ? $"Cannot read weights into {target.Label}: the kernel of '{model.DisplayName(point)}' ({op}) is not a stored weight of this model but " +
                          "computed by its graph (as in architecture-only test models), so there is no fixed kernel to read."
                        : $"Cannot read weights into {target.Label}: '{model.DisplayName(point)}' is computed by {op}, which is neither linear nor channel-preserving.");
            }
        }
    }

    private static InputWeights Slice(Unit target, string sourceLayer, string source, ConvolutionStep conv, long channel, double factor)
    {
        var model = target.Model;
        var offset = Locate(model, conv.Input, source)
            ?? throw new NotAdjacentException(
                $"'{sourceLayer}' is not a direct input of {target.Label}: the convolution that computes it reads '{model.DisplayName(conv.Input)}'.",
                "For layers further apart use");
        var (outputs, perGroup) = (conv.Weight.shape[0], conv.Weight.shape[1]);
        var groupStart = channel / (outputs / conv.Groups) * perGroup;
        var sourceChannels = model.ChannelCount(source);
        var (kh, kw) = conv.Weight.dim() == 4 ? ((int)conv.Weight.shape[2], (int)conv.Weight.shape[3]) : (1, 1);
        var kernel = conv.Weight[channel].to(ScalarType.Float32).cpu().reshape(perGroup, kh, kw).Times(factor);
        var result = zeros(sourceChannels, kh, kw);
        // Source channel s is input channel offset + s of the convolution; only those in the target's group connect.
        var first = Math.Max(0, groupStart - offset);
        var last = Math.Min(sourceChannels, groupStart + perGroup - offset);
        if (last > first) result[TensorIndex.Slice(first, last)] = kernel[TensorIndex.Slice(offset + first - groupStart, offset + last - groupStart)];
        return new InputWeights(target, sourceLayer, sourceChannels, kh, kw, result.data<float>().ToArray(), expanded: false);
    }

    /// <summary>Where the source layer's channels start within a value, following concatenations and pass-through steps.</summary>
    private static long? Locate(Network model, string value, string source)
    {
        if (value == source) return 0;
        switch (model.HasPoint(value) ? model.StepInto(value) : null)
        {
            case PassThroughStep pass:
                return Locate(model, pass.Input, source);
            case ConcatStep concat:
                long offset = 0;
                for (var i = 0; i < concat.Inputs.Count; i++)
                {
                    if (Locate(model, concat.Inputs[i], source) is { } inner) return offset + inner;
                    offset += concat.Channels[i];
                }
                return null;
            default:
                return null;
        }
    }
}
