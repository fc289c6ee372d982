using System.Globalization;
using System.Text;
using CircuitSpec.Errors;

namespace CircuitSpec.Interventions;

/// <summary>The result of a sweep: the readout's baseline per stimulus and each variant's effect on it.</summary>
public sealed class EffectTable(string readout, IReadOnlyList<float> baseline, IReadOnlyList<Effect> effects)
{
    public string Readout { get; } = readout;
    public IReadOnlyList<float> Baseline { get; } = baseline;
    public IReadOnlyList<Effect> Effects { get; } = effects;

    public Effect this[string variant] =>
        Effects.FirstOrDefault(e => e.Variant == variant)
        ?? throw new CircuitSpecException($"No variant '{variant}' in the sweep of {Readout}; it has {string.Join(", ", Effects.Select(e => e.Variant).Take(10))}{(Effects.Count > 10 ? ", …" : "")}.");

    /// <summary>The variants ordered by how much they lowered the readout (most first).</summary>
    public IEnumerable<Effect> StrongestReductions => Effects.OrderBy(e => e.MeanChange);

    public override string ToString()
    {
        var text = new StringBuilder();
        var width = Math.Max(7, Effects.Select(e => e.Variant.Length).DefaultIfEmpty(0).Max());
        text.AppendLine(CultureInfo.InvariantCulture, $"readout {Readout}: baseline mean {Baseline.Average(v => (double)v):G4} over {Baseline.Count} stimuli");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"variant".PadRight(width)}  {"mean",10}  {"change",10}  {"relative",9}");
        foreach (var e in Effects)
            text.AppendLine(CultureInfo.InvariantCulture, $"{e.Variant.PadRight(width)}  {e.MeanValue,10:G4}  {e.MeanChange,10:G4}  {e.RelativeChange,9:P1}");
        return text.ToString();
    }
}
