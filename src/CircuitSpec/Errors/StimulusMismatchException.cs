namespace CircuitSpec.Errors;

/// <summary>Stimuli that a model's input cannot take (e.g. RGB images for a model whose input is not a square RGB image).</summary>
public sealed class StimulusMismatchException(string input, string problem)
    : CircuitSpecException($"The model's input ({input}) cannot take these stimuli: {problem}.")
{
    public string Input { get; } = input;
    public string Problem { get; } = problem;
}
