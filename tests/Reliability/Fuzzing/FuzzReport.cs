using System.Text;

namespace CircuitSpec.Tests.Reliability.Fuzzing;

/// <summary>The corpus's results as a Markdown table: per source and mutation, how each case ended, the slowest and the largest.</summary>
public static class FuzzReport
{
    public static string Family(FuzzCase c) => c.Source.Contains('/') ? "ONNX conformance" : c.Source;

    public static string Table(IReadOnlyList<FuzzOutcome> outcomes)
    {
        var text = new StringBuilder();
        text.AppendLine($"{outcomes.Count} mutated files: {Count(outcomes, FuzzResult.RefusedAtLoad)} refused at load and " +
                        $"{Count(outcomes, FuzzResult.RefusedAtRun)} at run with a CircuitSpec exception, {Count(outcomes, FuzzResult.Ran)} still valid " +
                        $"(loaded and ran), {Count(outcomes, FuzzResult.Untyped)} other exceptions, {Count(outcomes, FuzzResult.TimedOut)} timed out. " +
                        $"Slowest {outcomes.Max(o => o.Elapsed.TotalSeconds):F2} s, largest peak {outcomes.Max(o => o.PeakBytes) / 1e6:F0} MB above the resident size before the case.");
        text.AppendLine();
        text.AppendLine("| source | mutation | cases | refused at load | refused at run | valid | other | slowest (s) | peak (MB) |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in outcomes.GroupBy(o => (Family(o.Case), o.Case.Mutation)))
        {
            var g = group.ToList();
            text.AppendLine($"| {group.Key.Item1} | {group.Key.Mutation} | {g.Count} | {Count(g, FuzzResult.RefusedAtLoad)} | {Count(g, FuzzResult.RefusedAtRun)} | " +
                            $"{Count(g, FuzzResult.Ran)} | {Count(g, FuzzResult.Untyped) + Count(g, FuzzResult.TimedOut)} | " +
                            $"{g.Max(o => o.Elapsed.TotalSeconds):F2} | {g.Max(o => o.PeakBytes) / 1e6:F0} |");
        }
        text.AppendLine();
        text.AppendLine("Errors by type: " + string.Join(", ", outcomes.Where(o => o.Error is not null)
            .GroupBy(o => o.ErrorType).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")) + ".");
        text.AppendLine();
        text.AppendLine("## One case of each mutation");
        text.AppendLine();
        foreach (var group in outcomes.GroupBy(o => (Family(o.Case), o.Case.Mutation)))
        {
            var example = group.FirstOrDefault(o => o.Error is not null) ?? group.First();
            text.AppendLine($"- {example.Case.Name}: {example.Case.What} → " +
                            (example.Error is null ? "still a valid model" : $"{example.ErrorType}: {example.Error.Message.Split('\n')[0]}"));
        }
        return text.ToString();
    }

    private static int Count(IEnumerable<FuzzOutcome> outcomes, FuzzResult result) => outcomes.Count(o => o.Result == result);
}
