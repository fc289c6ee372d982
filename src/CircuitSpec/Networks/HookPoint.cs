using static TorchSharp.torch;

namespace CircuitSpec.Networks;

/// <summary>
/// An identity module that every named activation flows through (as TransformerLens's HookPoint): forward hooks
/// registered on it read or replace the activation. Models call it with <c>.call(x)</c> so that the hooks fire.
/// </summary>
public sealed class HookPoint : nn.Module<Tensor, Tensor>
{
    public HookPoint(string pointName) : base("hook") => PointName = pointName;

    /// <summary>The activation point's canonical name in its model.</summary>
    public string PointName { get; }

    public override Tensor forward(Tensor input) => input;
}
