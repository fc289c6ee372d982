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
    public static KernelSlice ExpandedWeightsTo(this Unit source, Unit target) => target.InputWeights(source.Layer, expanded: true).For(source.Channel);

    /// <summary>
    /// Every unit of <paramref name="sourceLayer"/>'s weights into this unit (direct or expanded). Expanded weights cost
    /// a linearized forward and backward pass, so the model keeps the last ones read, by target, source layer and device
    /// (a GPU's are computed there, not taken from the CPU's).
    /// </summary>
    public static InputWeights InputWeights(this Unit target, string sourceLayer, bool expanded = false) =>
        expanded
            ? target.Model.Derived(("expanded input weights", target.Layer, target.Channel, sourceLayer, target.Model.Device.ToString()),
                () => ExpandedWeights.Read(target, sourceLayer))
            : DirectWeights.Read(target, sourceLayer);

    /// <summary>
    /// Every unit of <paramref name="sourceLayer"/>'s weights into a feature: a unit's own, or for a direction the same
    /// linear combination of its units' input weights as its reading is of their activations (Σ u_c · W_c, u the unit vector).
    /// </summary>
    public static InputWeights InputWeights(this Feature target, string sourceLayer, bool expanded = false) => target switch
    {
        Unit unit => unit.InputWeights(sourceLayer, expanded),
        Direction direction => Weights.InputWeights.Combine(direction, direction.UnitVector
            .Select((u, c) => (Coefficient: (double)u, Channel: c)).Where(p => p.Coefficient != 0)
            .Select(p => (p.Coefficient, direction.Model.Unit(direction.Layer, p.Channel).InputWeights(sourceLayer, expanded))).ToList()),
        _ => throw new Errors.CircuitSpecException($"Weights into {target.Label} cannot be read: it is neither a unit nor a direction."),
    };

    /// <summary>
    /// The weights between any two features (units or directions): a unit's kernel, or from a direction the same
    /// combination of its units' kernels as its reading is of their activations — direct where one convolution connects
    /// the layers, otherwise expanded.
    /// </summary>
    public static KernelSlice EffectiveWeightsTo(this Feature source, Feature target) => target.EffectiveInputWeights(source.Layer).For(source);

    /// <summary>Every unit of <paramref name="sourceLayer"/>'s weights into the feature: direct where one convolution connects them, otherwise expanded.</summary>
    public static InputWeights EffectiveInputWeights(this Feature target, string sourceLayer)
    {
        try
        {
            return target.InputWeights(sourceLayer);
        }
        catch (NotAdjacentException)
        {
            return target.InputWeights(sourceLayer, expanded: true);
        }
    }

    /// <summary>The source layer's units with the strongest weights into this unit, strongest first.</summary>
    public static IReadOnlyList<WeightedInput> StrongestInputs(this Unit target, string sourceLayer, int top = 10,
        WeightMeasure by = WeightMeasure.Absolute, bool expanded = false) =>
        target.InputWeights(sourceLayer, expanded).Ranked(by, top);
}
