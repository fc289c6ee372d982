using CircuitSpec.Features;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Circuits;

/// <summary>
/// Which of a target's incoming edges carry their real value: only the listed source features, or all but them. A unit
/// is one channel; a direction is its component along the direction (for several, their span), so the rest of the
/// source layer — everything orthogonal to the kept features — carries the ablation value.
/// </summary>
internal sealed record SourceSelection(bool AllBut, IReadOnlyList<Feature> Features)
{
    public static SourceSelection All { get; } = new(true, []);
    public static SourceSelection None { get; } = new(false, []);

    public static SourceSelection Only(IEnumerable<Feature> features) => new(false, features.ToList());
    public static SourceSelection Except(IEnumerable<Feature> features) => new(true, features.ToList());

    /// <summary>The source activation a target sees: <paramref name="real"/> along the kept features, <paramref name="ablated"/> elsewhere.</summary>
    public Tensor Patch(Tensor real, Tensor ablated)
    {
        if (Features.Count == 0) return AllBut ? real : ablated.clone();
        if (Features.All(f => f is Unit))
        {
            // Units are channels: copied as they are, not projected, so no rounding enters.
            var listed = ChannelMask(real);
            return AllBut ? where(listed, ablated, real) : where(listed, real, ablated);
        }
        var kept = Project(real - ablated);
        return AllBut ? real - kept : ablated.Plus(kept);
    }

    // True at the listed units' channels, shaped to broadcast over [N, C, …].
    private Tensor ChannelMask(Tensor activation)
    {
        var channels = activation.shape[1];
        var mask = new bool[channels];
        foreach (var unit in Features.Cast<Unit>()) mask[unit.Channel] = true;
        var shape = Enumerable.Repeat(1L, (int)activation.dim()).ToArray();
        shape[1] = channels;
        return tensor(mask, device: activation.device).reshape(shape);
    }

    // The part of a [N, C, …] difference that lies in the span of the features.
    private Tensor Project(Tensor delta)
    {
        var channels = delta.shape[1];
        var rows = new double[Features.Count * channels];
        for (var i = 0; i < Features.Count; i++)
            switch (Features[i])
            {
                case Unit unit:
                    rows[i * channels + unit.Channel] = 1;
                    break;
                case Direction direction:
                    for (var c = 0; c < channels; c++) rows[i * channels + c] = direction.UnitVector[c];
                    break;
            }
        using var basis = tensor(rows, [Features.Count, channels], ScalarType.Float64);
        // The orthogonal projection onto the features' span (pinv, so linearly dependent features are no trouble).
        var projection = linalg.pinv(basis).matmul(basis).to(delta.dtype).to(delta.device);
        return delta.movedim([1L], [-1L]).matmul(projection).movedim([-1L], [1L]);
    }
}
