using CircuitSpec.Networks;

namespace CircuitSpec.Measurements;

/// <summary>Negative controls: random other units of the same layer, drawn with a seeded generator.</summary>
internal static class RandomControls
{
    /// <summary><paramref name="count"/> channels of the layer, none of them <paramref name="excluded"/>, in a seeded random order.</summary>
    public static long[] Channels(Network model, string layer, IEnumerable<long> excluded, int count, Random random)
    {
        var others = Enumerable.Range(0, (int)model.ChannelCount(layer)).Select(c => (long)c).Except(excluded);
        return others.OrderBy(_ => random.Next()).Take(count).ToArray();
    }
}
