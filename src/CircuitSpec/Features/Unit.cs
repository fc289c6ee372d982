using CircuitSpec.Errors;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Features;

/// <summary>One neuron (channel) of a layer: "mixed3b:379" in Lucid's shorthand.</summary>
public sealed record Unit : Feature
{
    internal Unit(Network model, string layer, long channel) : base(model, layer)
    {
        var count = model.ChannelCount(Point);
        if (channel < 0 || channel >= count) throw new ChannelOutOfRangeException(model.ModelName, layer, channel, count);
        Channel = channel;
    }

    public long Channel { get; }

    public override string Label => $"{Layer}:{Channel}";

    public override Tensor Map(Tensor activation) => activation.select(1, Channel);

    internal override ChannelReadout? OneChannel => new(Point, Channel);
}
