using CircuitSpec.Networks;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Circuits;

/// <summary>
/// Where mean and resample ablations take their values from. Not the stimuli the circuit is tested on: their mean is
/// close to each of them when they are alike (rings, say), so ablating toward it would remove nothing. The default is a
/// broad diet of synthetic stimuli scaled to the model's input; name a set of your own when the task has a natural
/// contrast (the IOI paper's "ABC" sentences are such a set).
/// </summary>
public static class ReferenceStimuli
{
    /// <summary>Edges and lines every 30°, arcs every 45°, two circles, four gratings, grey and three colour patches.</summary>
    public static StimulusSet For(InputConvention input)
    {
        var size = Math.Min(input.Height, input.Width);
        return new StimulusSet(Synthetic.Edges(Synthetic.Angles(30))
            .Concat(Synthetic.Lines(Synthetic.Angles(30, 180)))
            .Concat(Synthetic.Curves(Synthetic.Angles(45), [size / 4.0]))
            .Concat(Synthetic.Circles([size / 8.0, size / 4.0]))
            .Concat(Synthetic.Gratings(Synthetic.Angles(45, 180), [size / 8.0]))
            .Concat(Synthetic.ColourPatches([new Rgb(0.5f, 0.5f, 0.5f), Rgb.FromHsv(0), Rgb.FromHsv(120), Rgb.FromHsv(240)])));
    }
}
