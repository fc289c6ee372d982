using static TorchSharp.torch;

namespace CircuitSpec.Networks;

/// <summary>
/// A change made to one activation point during a forward pass: what the point's value becomes. Interventions
/// (<c>unit.Zeroed()</c>, <c>unit.PatchedFrom(cache)</c>, …) are the ones claims make; the runner that captures
/// activations needs to know no more than this.
/// </summary>
public interface IActivationChange
{
    /// <summary>The point changed (its canonical name).</summary>
    string Point { get; }

    /// <summary>The point's new value, given the value the model computed.</summary>
    Tensor Apply(Tensor activation);
}

/// <summary>
/// A change that can be written into a batch the caller owns and says which channels it may change: a sweep's runner
/// then changes one copy of the batch in place, and tells the model which channel each row changed.
/// </summary>
internal interface IChannelChange : IActivationChange
{
    /// <summary>The channels (dimension 1) it may change, leaving the others as they are; null: any (a direction).</summary>
    IReadOnlyList<long>? Channels { get; }

    /// <summary>Applies it to <paramref name="activation"/> itself.</summary>
    void ApplyInPlace(Tensor activation);
}
