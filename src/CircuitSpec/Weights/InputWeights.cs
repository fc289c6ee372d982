using CircuitSpec.Errors;
using CircuitSpec.Features;

namespace CircuitSpec.Weights;

/// <summary>How input units are ranked by their weights into a target.</summary>
public enum WeightMeasure
{
    /// <summary>The sum of absolute weights: the strongest connections of either sign.</summary>
    Absolute,

    /// <summary>The sum of positive weights: the strongest excitation.</summary>
    Positive,

    /// <summary>The magnitude of the sum of negative weights: the strongest inhibition.</summary>
    Negative,

    /// <summary>The net sum of weights.</summary>
    Net,
}

/// <summary>One ranked input of a unit: the source unit, its kernel, and the score it was ranked by.</summary>
public sealed record WeightedInput(Unit Source, KernelSlice Weights, double Score)
{
    public override string ToString() => $"{Source.Label}: {Score:G3} (sum {Weights.Sum:G3})";
}

/// <summary>Every channel of a source layer's weights into one target feature (a unit or a direction): [channels, height, width].</summary>
public sealed class InputWeights
{
    private readonly float[] _values;

    internal InputWeights(Feature target, string sourceLayer, long channels, int height, int width, float[] values, bool expanded)
    {
        Target = target;
        SourceLayer = sourceLayer;
        Channels = channels;
        Height = height;
        Width = width;
        _values = values;
        Expanded = expanded;
    }

    public Feature Target { get; }
    public string SourceLayer { get; }
    public long Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public bool Expanded { get; }

    /// <summary>The kernel from one source channel.</summary>
    public KernelSlice For(long channel)
    {
        if (channel < 0 || channel >= Channels)
            throw new ChannelOutOfRangeException(Target.Model.ModelName, SourceLayer, channel, Channels);
        var size = Height * Width;
        return new KernelSlice($"{SourceLayer}:{channel}", Target.Label, Height, Width, _values[(int)(channel * size)..(int)((channel + 1) * size)], Expanded);
    }

    /// <summary>The kernel from a feature of the source layer: a unit's own, or a direction's combination.</summary>
    public KernelSlice For(Feature source) => source switch
    {
        Unit unit => For(unit.Channel),
        Direction direction => For(direction),
        _ => throw new CircuitSpecException($"Weights from {source.Label} cannot be read: it is neither a unit nor a direction."),
    };

    /// <summary>The kernel from a direction of the source layer: Σ u_c · (kernel from channel c), u its unit vector.</summary>
    public KernelSlice For(Direction source)
    {
        if (source.UnitVector.Count != Channels)
            throw new CircuitSpecException($"Direction '{source.Name}' has {source.UnitVector.Count} components, but the weights into {Target.Label} come from {Channels} channels of " +
                $"'{SourceLayer}'.");
        var size = Height * Width;
        var values = new double[size];
        for (var c = 0; c < Channels; c++)
            for (var i = 0; i < size; i++)
                values[i] += source.UnitVector[c] * (double)_values[c * size + i];
        return new KernelSlice(source.Label, Target.Label, Height, Width, values.Select(v => (float)v).ToArray(), Expanded);
    }

    /// <summary>
    /// Σ coefficient · weights: the input weights of a linear combination of targets (a direction's, from its units'),
    /// attributed to <paramref name="target"/>. Every part must come from the same source layer and kernel size.
    /// </summary>
    internal static InputWeights Combine(Feature target, IReadOnlyList<(double Coefficient, InputWeights Weights)> parts)
    {
        var first = parts[0].Weights;
        var values = new double[first._values.Length];
        foreach (var (coefficient, weights) in parts)
        {
            if (weights.Channels != first.Channels || weights.Height != first.Height || weights.Width != first.Width)
                throw new CircuitSpecException($"The input weights of {weights.Target.Label} and {first.Target.Label} from '{first.SourceLayer}' differ in shape, so they cannot be combined " +
                    $"into {target.Label}'s.");
            for (var i = 0; i < values.Length; i++) values[i] += coefficient * weights._values[i];
        }
        return new InputWeights(target, first.SourceLayer, first.Channels, first.Height, first.Width, values.Select(v => (float)v).ToArray(), first.Expanded);
    }

    /// <summary>The source units ranked by a weight measure, strongest first.</summary>
    public IReadOnlyList<WeightedInput> Ranked(WeightMeasure by = WeightMeasure.Absolute, int top = int.MaxValue) =>
        Enumerable.Range(0, (int)Channels)
            .Select(c => For(c))
            .Select((k, c) => new WeightedInput(Target.Model.Unit(SourceLayer, c), k, Score(k, by)))
            .OrderByDescending(w => w.Score)
            .ThenBy(w => w.Source.Channel)
            .Take(top)
            .ToList();

    private static double Score(KernelSlice k, WeightMeasure by) => by switch
    {
        WeightMeasure.Positive => k.PositiveSum,
        WeightMeasure.Negative => -k.NegativeSum,
        WeightMeasure.Net => k.Sum,
        _ => k.AbsoluteSum,
    };
}
