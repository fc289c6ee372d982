using System.Globalization;

namespace CircuitSpec.Measurements;

/// <summary>A measured series (x, y) with its axes, e.g. a tuning curve: response over orientation.</summary>
public sealed record EvidenceSeries(string Title, string XLabel, string YLabel, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>One line for a terminal: "title: x → y, x → y, …".</summary>
    public override string ToString() =>
        $"{Title} ({XLabel} → {YLabel}): " + string.Join(", ", X.Zip(Y, (x, y) => string.Create(CultureInfo.InvariantCulture, $"{x:G4} → {y:G4}")));
}
