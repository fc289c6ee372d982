using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Features;

/// <summary>
/// A feature: a direction in one layer's activation space, usually a single unit. It reads a spatial map from that
/// layer's activation and turns it into one number per example according to its <see cref="Reading"/>.
/// </summary>
public abstract record Feature
{
    private protected Feature(Network model, string layer)
    {
        Model = model;
        Layer = layer;
        Point = model.Resolve(layer);
    }

    public Network Model { get; }

    /// <summary>The layer as the caller named it (an alias such as "mixed3b", or a file name).</summary>
    public string Layer { get; }

    /// <summary>The canonical point name the layer resolves to.</summary>
    public string Point { get; }

    public SpatialReading Reading { get; init; } = SpatialReading.Centre;

    /// <summary>How the feature is written in messages: "mixed3b:379", or a direction's name.</summary>
    public abstract string Label { get; }

    /// <summary>The feature's map over positions: [N, C, H, W] → [N, H, W]; [N, C] → [N].</summary>
    public abstract Tensor Map(Tensor activation);

    /// <summary>The one channel the feature reads (a unit's), for a pass read at it alone; null where it reads every channel.</summary>
    internal virtual ChannelReadout? OneChannel => null;

    /// <summary>One number per example: [N].</summary>
    public Tensor Read(Tensor activation) =>
        Reading.Apply(Map(activation), Reading.Mode == SpatialMode.Centre && activation.dim() == 4
            ? Model.InputCentreOn(Point, activation.shape[2], activation.shape[3]) : null);

    /// <summary>The same feature read at position (x, y) of its layer.</summary>
    public Feature At(int x, int y) => this with { Reading = SpatialReading.At(x, y) };

    /// <summary>The same feature read as its maximum over positions.</summary>
    public Feature MaxOverPositions() => this with { Reading = SpatialReading.Max };

    /// <summary>The same feature read as its mean over positions.</summary>
    public Feature MeanOverPositions() => this with { Reading = SpatialReading.Mean };

    public sealed override string ToString() => Reading.Mode == SpatialMode.Centre ? Label : $"{Label} {Reading}";
}
