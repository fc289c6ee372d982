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
