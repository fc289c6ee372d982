namespace CircuitSpec.Bench;

/// <summary>One line of the benchmark: what was measured side by side, the ratio where there is one, and the goal.</summary>
public sealed record BenchRow(string Name, string Measured, double? Ratio, string Goal, bool? Met, string Notes = "")
{
    public Dictionary<string, double> Numbers { get; init; } = [];
}
