using CircuitSpec.Circuits;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Models.Graph;

namespace CircuitSpec.Bench.Rows;

/// <summary>Row 8: discovering one unit's circuit by attribution patching against one ablation per edge, on the same unit and stimuli.</summary>
public static class DiscoveryRow
{
    public const string From = "layer3.0";
    public const string Target = "layer3.1:7";
    private const int Stimuli = 64;

    public static BenchRow Run(GraphNetwork model, Options options)
    {
        var target = model.Unit(Target);
        var stimuli = DiscoveryStimuli.Strongest(model, target, Stimuli);
        var options8 = new DiscoveryOptions { MaxEdges = 8 };
        DiscoveredCircuit? fast = null, slow = null;
        // One repetition each is minutes for the slow side; the median of a few, alternating, when asked for more.
        var repetitions = Math.Max(1, Math.Min(3, options.Repetitions / 3));
        var (patching, naive) = Timing.Interleaved(() => fast = model.Discover(target, From, stimuli, options8),
            () => slow = model.Discover(target, From, stimuli, options8 with { Scoring = EdgeScoring.OneAblationPerEdge }), repetitions, warmUp: 0);
        var channels = fast!.Scores.Count;
        var exact = slow!.Scores.OrderBy(s => s.Source.Channel).Select(s => s.Contribution).ToList();
        var estimate = fast.Scores.OrderBy(s => s.Source.Channel).Select(s => s.Contribution).ToList();
        var overlap = fast.Edges.Select(e => e.Source.Channel).Intersect(slow.Edges.Select(e => e.Source.Channel)).Count();
        var ratio = patching / naive;
        return new BenchRow($"8. Circuit discovery: {Target} from {From} ({channels} edges), {Stimuli} stimuli: attribution patching vs one ablation per edge",
            $"{Timing.Seconds(patching)} vs {Timing.Seconds(naive)}; scores correlate r = {Statistics.Correlation(estimate, exact):F3}; " +
            $"{overlap} of the {fast.Edges.Count} chosen edges shared; recovers {fast.Faithfulness.Recovered:F3} vs {slow.Faithfulness.Recovered:F3}",
            ratio, "≤ 0.25× (a few passes, not one per edge)", ratio <= 0.25)
        {
            Numbers = { ["patching_s"] = patching, ["naive_s"] = naive, ["correlation"] = Statistics.Correlation(estimate, exact) },
        };
    }
}
