using CircuitSpec.Stimuli;
using FluentAssertions.Formatting;

namespace CircuitSpec.Formatting;

/// <summary>A stimulus with its parameters and colours; a stimulus set as its size, kinds and first members.</summary>
internal sealed class StimulusFormatter : IValueFormatter
{
    public bool CanHandle(object value) => value is Stimulus or StimulusSet;

    public void Format(object value, FormattedObjectGraph formattedGraph, FormattingContext context, FormatChild formatChild) =>
        formattedGraph.AddFragment(value switch
        {
            Stimulus s => s.Describe(),
            StimulusSet set => $"{set.Count} stimuli ({string.Join("/", set.Select(s => s.Kind).Distinct())}): " +
                               string.Join("; ", set.Take(3).Select(s => s.ToString())) + (set.Count > 3 ? "; …" : ""),
            _ => value.ToString() ?? "",
        });
}
