namespace CircuitSpec.Errors;

/// <summary>A unit whose channel index is not in its layer.</summary>
public sealed class ChannelOutOfRangeException(string modelName, string layer, long channel, long channelCount)
    : CircuitSpecException($"Layer '{layer}' of model '{modelName}' has {channelCount} channels (0–{channelCount - 1}); " +
                           $"channel {channel} does not exist.")
{
    public string Layer { get; } = layer;
    public long Channel { get; } = channel;
    public long ChannelCount { get; } = channelCount;
}
