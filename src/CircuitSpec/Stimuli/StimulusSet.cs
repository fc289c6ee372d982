using CircuitSpec.Errors;
using System.Collections;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Stimuli;

/// <summary>
/// An ordered set of stimuli, rendered together: <c>set.Render(224)</c> gives RGB in [0, 1], [N, 3, 224, 224];
/// <c>set.Render(model.Input)</c> gives the model's own input (size, channel order, normalization).
/// </summary>
public sealed class StimulusSet(IEnumerable<Stimulus> stimuli) : IReadOnlyList<Stimulus>
{
    private readonly Stimulus[] _stimuli = stimuli.ToArray();

    public Stimulus this[int index] => _stimuli[index];
    public int Count => _stimuli.Length;

    /// <summary>Each stimulus's value of a parameter, in order.</summary>
    public double[] Values(string parameter) => _stimuli.Select(s => s[parameter]).ToArray();

    /// <summary>The same stimuli changed alike, e.g. <c>set.With(s => s with { Foreground = Rgb.Black })</c>.</summary>
    public StimulusSet With(Func<Stimulus, Stimulus> change) => new(_stimuli.Select(change));

    public StimulusSet Concat(StimulusSet other) => new(_stimuli.Concat(other));

    /// <summary>RGB images in [0, 1], [N, 3, size, size]; the tensor joins the caller's dispose scope, if any.</summary>
    public Tensor Render(int size, Device? device = null) => StimulusRenderer.Render(_stimuli, size, device ?? CPU);

    /// <summary>The stimuli as a model's input (square images of its height, its normalization).</summary>
    public Tensor Render(InputConvention input, Device? device = null)
    {
        if (input.Channels != 3)
            throw new StimulusMismatchException(input.Description, $"stimuli are RGB images, and it takes {input.Channels} channel(s) of shape [{string.Join(", ", input.Shape())}]");
        if (input.Height != input.Width)
            throw new StimulusMismatchException(input.Description, $"stimuli are square images, and it takes {input.Height}×{input.Width}; give the model a square input size");
        using var scope = NewDisposeScope();
        return input.Normalize(Render(input.Height, device)).MoveToOuterDisposeScope();
    }

    public IEnumerator<Stimulus> GetEnumerator() => ((IEnumerable<Stimulus>)_stimuli).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
