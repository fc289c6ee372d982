using System.Globalization;
using CircuitSpec.Errors;
using CircuitSpec.Networks;

namespace CircuitSpec.Features;

/// <summary>Naming features in a model: <c>model.Unit("mixed3b:379")</c>, <c>model.Unit("layer1.0", 12)</c>.</summary>
public static class Addressing
{
    /// <summary>A unit written as "layer:channel" (Lucid's shorthand, e.g. "mixed3b:379").</summary>
    public static Unit Unit(this Network model, string address)
    {
        var (layer, channel) = Parse(model, address);
        return new Unit(model, layer, channel);
    }

    /// <summary>A unit given as a layer (point name or alias) and a channel.</summary>
    public static Unit Unit(this Network model, string layer, long channel) => new(model, layer, channel);

    /// <summary>A direction in a layer: a vector with one component per channel.</summary>
    public static Direction Direction(this Network model, string layer, IReadOnlyList<float> vector, string? name = null) =>
        new(model, layer, vector, name ?? $"direction in {layer}");

    /// <summary>A family of units of one layer.</summary>
    public static Family Family(this Network model, string name, string layer, params long[] channels) =>
        new(name, channels.Select(c => new Unit(model, layer, c)));

    /// <summary>A family of units written as "layer:channel" addresses.</summary>
    public static Family Family(this Network model, string name, params string[] addresses) =>
        new(name, addresses.Select(a => model.Unit(a)));

    /// <summary>Every unit of a layer, in channel order.</summary>
    public static Family Layer(this Network model, string layer) =>
        new(layer, Enumerable.Range(0, (int)model.ChannelCount(layer)).Select(c => new Unit(model, layer, c)));

    private static (string Layer, long Channel) Parse(Network model, string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon > 0 && long.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var channel))
            return (address[..colon], channel);
        if (model.HasPoint(address))
            throw new CircuitSpecException($"'{address}' names a layer of model '{model.ModelName}', not a unit: add the channel, as in '{address}:0' " +
                                           $"(it has {model.ChannelCount(address)} channels).");
        throw new CircuitSpecException($"'{address}' is not a unit address: write it as 'layer:channel', e.g. 'mixed3b:379'." +
                                       (colon > 0 ? "" : $" {new UnknownPointException(model.ModelName, address, model.AllNames).Message}"));
    }
}
