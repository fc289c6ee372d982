using CircuitSpec.Stimuli;
using static TorchSharp.torch;

namespace CircuitSpec.Pictures;

/// <summary>Stimuli as pictures and image files, for counter-examples, contact sheets and reports.</summary>
public static class StimulusImage
{
    /// <summary>The stimulus rendered at <paramref name="size"/>².</summary>
    public static Picture ToPicture(this Stimulus stimulus, int size = 224)
    {
        using var scope = NewDisposeScope();
        return Picture.FromTensor(new StimulusSet([stimulus]).Render(size)[0]);
    }

    /// <summary>Renders the stimulus at <paramref name="size"/>² and writes it as a PNG; returns the full path.</summary>
    public static string SavePng(this Stimulus stimulus, string path, int size = 224) => stimulus.ToPicture(size).SavePng(path);
}
