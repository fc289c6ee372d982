using CircuitSpec.Models.Operators;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Graph;

/// <summary>
/// A sweep's batch where it fans out: the value before it was repeated (the stimuli once), repeated, and as changed
/// by each copy's interventions. When every copy changed at most one channel (a unit zeroed, clamped or scaled), a
/// convolution reading it is the convolution of the unchanged stimuli, computed once, plus each copy's change
/// convolved with that channel's weights alone: Δ = W[:, c] ⋆ (a′_c − a_c), a per-copy cost of one input channel
/// instead of all of them. Which channel each copy changed is what the pass's change says (then the repeated batch is
/// not kept: <see cref="Repeated"/> is null), or else found by comparing the changed batch with the repeated one.
/// </summary>
internal sealed record ChannelChanges(int Slot, Tensor Before, Tensor? Repeated, int Copies)
{
    // Each copy's one changed channel (its change, [rows, 1, H, W], and its index), found once for every convolution
    // that reads the batch; Known with a null change when some copy changed more than one channel.
    private (bool Known, Tensor? Change, Tensor? Channel) _oneEach;

    public Tensor? Changed { get; init; }

    /// <summary>Each row's one changed channel, as the pass's change says (<see cref="Networks.ForwardPass.ChannelPerRow(string)"/>); null: found by comparing.</summary>
    public IReadOnlyList<long>? ChannelPerRow { get; init; }

    /// <summary>The convolution of the changed value, or null when some copy changed more than one channel (then run it whole).</summary>
    public Tensor? Convolve(ConvOperator conv, Tensor weight, Tensor? bias)
    {
        if (Changed is null || Changed.dim() != 4 || weight.dim() != 4 || conv.Groups != 1) return null;
        if (!_oneEach.Known) _oneEach = OneChannelEach(Changed);
        if (_oneEach is not { Change: { } own, Channel: { } channel }) return null;
        using var scope = NewDisposeScope();
        var kernels = weight.index_select(1, channel).transpose(0, 1); // [rows, out, kh, kw]: row r's channel's weights
        var change = conv.ConvolveEachRow(own, kernels);
        var unchanged = conv.Convolve(Before, weight, bias, 1);
        // The stimuli's convolution broadcast over the copies and added in place: no repeated copy of it is made.
        change.view([Copies, .. unchanged.shape]).add_(unchanged.unsqueeze(0), HeldScalars.One);
        return change.MoveToOuterDisposeScope();
    }

    // The change and the index stay in the pass's dispose scope, like the batch itself; the rest goes now.
    private (bool, Tensor?, Tensor?) OneChannelEach(Tensor changed)
    {
        using var scope = NewDisposeScope();
        // A NaN or infinity in the stimuli's values would leak into the difference (0 − NaN) where the changed batch has
        // none (a zeroed channel that held the NaN): such a batch is convolved whole.
        if (!Before.isfinite().all().AsBoolean()) return (true, null, null);
        var (rows, height, width) = (changed.shape[0], changed.shape[2], changed.shape[3]);
        Tensor channel, was; // each row's changed channel, and its values before the change
        if (ChannelPerRow is { } known && known.Count == rows)
        {
            channel = tensor(known.ToArray(), device: changed.device);
            // Row j·n + i is copy j of stimulus i: its values before the change are the stimulus's, read through a view
            // that repeats the stimuli without copying them.
            var (stimuli, channels) = (Before.shape[0], Before.shape[1]);
            var index = channel.view(Copies, stimuli, 1, 1, 1).expand(Copies, stimuli, 1, height, width);
            was = Before.unsqueeze(0).expand(Copies, stimuli, channels, height, width).gather(2, index).view(rows, 1, height, width);
        }
        else
        {
            // Compared, not subtracted: the whole batch's difference would be written and read twice more (ResNet-18's
            // layer3.0 in a 64-unit sweep of 4 stimuli: 52 MB each).
            var touched = changed.ne(Repeated!).flatten(2).any(2); // [copies × stimuli, channels]
            if (touched.sum(1).max().item<long>() > 1) return (true, null, null);
            channel = touched.to(ScalarType.Int64).argmax(1); // 0 for a copy that changed nothing: its difference is zero
            was = Repeated!.gather(1, channel.view(rows, 1, 1, 1).expand(rows, 1, height, width));
        }
        var change = changed.gather(1, channel.view(rows, 1, 1, 1).expand(rows, 1, height, width)) - was;
        return (true, change.MoveToOuterDisposeScope(), channel.MoveToOuterDisposeScope());
    }
}
