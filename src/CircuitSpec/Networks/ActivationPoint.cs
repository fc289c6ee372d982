namespace CircuitSpec.Networks;

/// <summary>A named activation in a model, with its shape for one input of the model's convention.</summary>
/// <param name="Name">The canonical (file) name, e.g. ONNX value name "Convolution28_Output_0".</param>
/// <param name="Aliases">Friendly names that resolve to it, e.g. "layer1.0".</param>
/// <param name="Shape">[N, C, H, W] for convolutional layers, with N the batch size of the probe run.</param>
/// <param name="Operator">What produced it ("Conv", "Relu", "Concat", ...).</param>
public sealed record ActivationPoint(string Name, IReadOnlyList<string> Aliases, long[] Shape, string Operator)
{
    /// <summary>The channel count (dimension 1), or 1 for a scalar-per-example point.</summary>
    public long Channels => Shape.Length > 1 ? Shape[1] : 1;

    public override string ToString() =>
        $"{Name}{(Aliases.Count > 0 ? " (" + string.Join(", ", Aliases) + ")" : "")} [{string.Join(", ", Shape)}] {Operator}";
}
