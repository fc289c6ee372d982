using CircuitSpec.Features;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Bench.Calibration;

/// <summary>
/// A copy-free perturbation of a unit's incoming weights, for the calibration's "changed feature" case: the kernel of the
/// convolution that computes the unit (through ReLU, batch norm, concatenation, and the convolutional branch of a
/// residual sum) has its input channels shuffled and is turned by 90°. Disposing restores the original weights.
/// </summary>
internal sealed class IncomingKernel : IDisposable
{
    private readonly Tensor _weight;
    private readonly long _channel;
    private readonly Tensor _original;

    private IncomingKernel(Tensor weight, long channel, int seed)
    {
        (_weight, _channel) = (weight, channel);
        _original = weight[channel].clone();
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator((ulong)seed);
        var permutation = randperm(weight.shape[1], generator: generator).to(weight.device);
        var shuffled = _original.index_select(0, permutation);
        var turned = shuffled.dim() == 3 && shuffled.shape[1] == shuffled.shape[2] ? shuffled.rot90(1, (1, 2)) : shuffled;
        using (no_grad()) weight[channel].copy_(turned);
    }

    public static IncomingKernel Perturb(Unit unit, int seed)
    {
        var (point, channel) = (unit.Point, unit.Channel);
        var conv = Find(unit.Model, point, ref channel, insideSum: false)
                   ?? throw new InvalidOperationException($"No convolution computes {unit.Label}.");
        return new IncomingKernel(conv.Weight, channel, seed);
    }

    // Inside a residual sum only the branch that reaches a convolution without another sum counts (not the skip path).
    private static ConvolutionStep? Find(Networks.Network model, string point, ref long channel, bool insideSum)
    {
        switch (model.StepInto(point))
        {
            case ConvolutionStep conv:
                return conv;
            case PassThroughStep pass:
                return Find(model, pass.Input, ref channel, insideSum);
            case ChannelAffineStep affine:
                return Find(model, affine.Input, ref channel, insideSum);
            case ConcatStep concat:
                var branch = 0;
                while (branch < concat.Inputs.Count && channel >= concat.Channels[branch]) channel -= concat.Channels[branch++];
                return Find(model, concat.Inputs[branch], ref channel, insideSum);
            case SumStep sum when !insideSum:
                foreach (var input in sum.Inputs)
                {
                    var c = channel;
                    if (Find(model, input, ref c, insideSum: true) is { } found)
                    {
                        channel = c;
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    public void Dispose()
    {
        using (no_grad()) _weight[_channel].copy_(_original);
        _original.Dispose();
    }
}
