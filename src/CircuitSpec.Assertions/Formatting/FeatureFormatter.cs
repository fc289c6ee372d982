using CircuitSpec.Features;
using FluentAssertions.Formatting;

namespace CircuitSpec.Formatting;

/// <summary>Units as "mixed3b:379 (inceptionv1)", directions as their name and layer, families with their members.</summary>
internal sealed class FeatureFormatter : IValueFormatter
{
    public bool CanHandle(object value) => value is Feature or Family;

    public void Format(object value, FormattedObjectGraph formattedGraph, FormattingContext context, FormatChild formatChild) =>
        formattedGraph.AddFragment(value switch
        {
            Feature f => $"{f} ({f.Model.ModelName})",
            _ => value.ToString() ?? "",
        });
}
