using CircuitSpec.Features;

namespace CircuitSpec.Weights;

/// <summary>
/// Weights between features, as a claim needs them: <c>source.WeightsTo(target)</c> for adjacent layers,
/// <c>source.ExpandedWeightsTo(target)</c> through intermediate layers, <c>target.StrongestInputs("mixed3a")</c>.
/// </summary>
public static class WeightReading
{
    /// <summary>The direct kernel from a source unit to a target unit of the next layer (batch norm folded in).</summary>
    public static KernelSlice WeightsTo(this Unit source, Unit target) =>
        DirectWeights.Read(target, source.Layer).For(source.Channel);

    /// <summary>The expanded weight from a source unit to a target unit any number of layers later.</summary>
    public static KernelSlice ExpandedWeightsTo(this Unit source, Unit target) =>
        ExpandedWeights.Read(target, source.Layer).For(source.Channel);

    /// <summary>The direct kernel where one connects the units, otherwise the expanded weights.</summary>
    public static KernelSlice EffectiveWeightsTo(this Unit source, Unit target)
    {
        try
        {
            return source.WeightsTo(target);
        }
        catch (NotAdjacentException)
        {
            return source.ExpandedWeightsTo(target);
        }
    }

    /// <summary>Every unit of <paramref name="sourceLayer"/>'s weights into this unit (direct or expanded).</summary>
    public static InputWeights InputWeights(this Unit target, string sourceLayer, bool expanded = false) =>
        expanded ? ExpandedWeights.Read(target, sourceLayer) : DirectWeights.Read(target, sourceLayer);

    /// <summary>The source layer's units with the strongest weights into this unit, strongest first.</summary>
    public static IReadOnlyList<WeightedInput> StrongestInputs(this Unit target, string sourceLayer, int top = 10,
        WeightMeasure by = WeightMeasure.Absolute, bool expanded = false) =>
        target.InputWeights(sourceLayer, expanded).Ranked(by, top);
}
