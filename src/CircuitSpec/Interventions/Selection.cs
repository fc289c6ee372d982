using CircuitSpec.Features;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Interventions;

/// <summary>The part of an activation an intervention acts on: some channels, or the component along a direction.</summary>
internal abstract class Selection
{
    /// <summary>[N, C, …] → the selected values [N, k, …].</summary>
    public abstract Tensor Extract(Tensor activation);

    /// <summary>The activation with its selected values changed from <paramref name="old"/> to <paramref name="changed"/>.</summary>
    public abstract Tensor Insert(Tensor activation, Tensor old, Tensor changed);

    /// <summary>As <see cref="Insert"/>, written into <paramref name="activation"/> itself.</summary>
    public abstract void InsertInPlace(Tensor activation, Tensor old, Tensor changed);

    /// <summary>The channels it selects, where it selects whole channels; null for a direction.</summary>
    public virtual IReadOnlyList<long>? Channels => null;
}

internal sealed class ChannelSelection(IReadOnlyList<long> channels) : Selection
{
    public override IReadOnlyList<long> Channels => channels;

    private Tensor Index(Tensor activation) => tensor(channels.ToArray(), device: activation.device);

    public override Tensor Extract(Tensor activation) => activation.index_select(1, Index(activation));

    public override Tensor Insert(Tensor activation, Tensor old, Tensor changed) => activation.index_copy(1, Index(activation), changed);

    public override void InsertInPlace(Tensor activation, Tensor old, Tensor changed) => activation.index_copy_(1, Index(activation), changed);
}

internal sealed class DirectionSelection(Direction direction) : Selection
{
    public override Tensor Extract(Tensor activation) => (activation * direction.Broadcastable(activation)).sum(1, keepdim: true);

    public override Tensor Insert(Tensor activation, Tensor old, Tensor changed) => activation.Plus((changed - old) * direction.Broadcastable(activation));

    public override void InsertInPlace(Tensor activation, Tensor old, Tensor changed) =>
        activation.add_((changed - old) * direction.Broadcastable(activation), HeldScalars.One);
}
