using System.Globalization;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

/// <summary>
/// Claims about one unit, in the words of the Circuits articles: its weights (<c>BeExcitedBy</c>,
/// <c>ReceiveWeightFrom(…).At(…)</c>) and its analogues in other models (<c>HaveAnalogueIn</c>), beside the stimulus
/// claims every feature has (<see cref="FeatureAssertions{TFeature,TAssertions}"/>).
/// </summary>
public sealed class UnitAssertions(Unit subject) : FeatureAssertions<Unit, UnitAssertions>(subject)
{
    protected override string Identifier => "unit";

    // ---- weights ----

    /// <summary>Every source's net weight into this unit is positive (above <paramref name="minWeight"/>).</summary>
    public AndConstraint<UnitAssertions> BeExcitedBy(IEnumerable<Unit> sources, double minWeight = 0, string because = "", params object[] becauseArgs) =>
        Signed(sources, +1, minWeight, because, becauseArgs);

    /// <summary>Every source's net weight into this unit is negative (below −<paramref name="minWeight"/>).</summary>
    public AndConstraint<UnitAssertions> BeInhibitedBy(IEnumerable<Unit> sources, double minWeight = 0, string because = "", params object[] becauseArgs) =>
        Signed(sources, -1, minWeight, because, becauseArgs);

    private AndConstraint<UnitAssertions> Signed(IEnumerable<Unit> sources, int sign, double minWeight, string because, object[] becauseArgs)
    {
        var list = sources.ToList();
        var word = sign > 0 ? "excited" : "inhibited";
        var kernels = list.Select(s => (Source: s, Kernel: s.EffectiveWeightsTo(Subject))).ToList();
        var wrong = kernels.Where(k => sign * k.Kernel.Sum <= minWeight).ToList();
        var evidence = kernels.Select(k => Describe(k.Kernel)).Append($"threshold: net weight {(sign > 0 ? ">" : "<")} {F(sign * minWeight)}").ToList();
        var finding = wrong.Count == 0 ? $"all {list.Count} are"
            : $"{wrong.Count} of {list.Count} are not: {string.Join(", ", wrong.Select(w => $"{w.Source.Label} (net {F(w.Kernel.Sum)})"))}";
        return Reach(Verdict.Decide($"{Subject.Label} to be {word} by {string.Join(", ", list.Select(s => s.Label))}", wrong.Count == 0, finding, evidence,
            list.Count == 0 ? "no sources were named" : null), because, becauseArgs);
    }

    /// <summary>Claims about where in its kernel this unit receives weight from <paramref name="source"/>.</summary>
    public KernelAssertions ReceiveWeightFrom(Unit source) => new(this, source.EffectiveWeightsTo(Subject));

    /// <summary>The expected units are among the <paramref name="top"/> strongest inputs from their layer.</summary>
    public AndConstraint<UnitAssertions> HaveAmongStrongestInputs(IEnumerable<Unit> expected, int top = 10, WeightMeasure by = WeightMeasure.Positive,
        bool expanded = false, string because = "", params object[] becauseArgs)
    {
        var list = expected.ToList();
        var layer = list.Count > 0 ? list[0].Layer : "";
        var ranked = Subject.InputWeights(layer, expanded).Ranked(by);
        var ranks = list.Select(u => (Unit: u, Rank: ranked.ToList().FindIndex(r => r.Source.Channel == u.Channel) + 1)).ToList();
        var missing = ranks.Where(r => r.Rank > top).ToList();
        var evidence = new List<string>
        {
            $"top {top} {by.ToString().ToLowerInvariant()} inputs from {layer}{(expanded ? " (expanded)" : "")}: " +
            string.Join(", ", ranked.Take(top).Select(r => $"{r.Source.Label} {F(r.Score)}")),
        };
        evidence.AddRange(ranks.Select(r => $"{r.Unit.Label}: rank {r.Rank} of {ranked.Count}"));
        return Reach(Verdict.Decide($"{string.Join(", ", list.Select(u => u.Label))} to be among the {top} strongest inputs of {Subject.Label}",
            missing.Count == 0, missing.Count == 0 ? "they are" : $"{string.Join(", ", missing.Select(m => $"{m.Unit.Label} ranks {m.Rank}"))}", evidence,
            list.Count == 0 ? "no units were named" : null), because, becauseArgs);
    }

    // ---- universality ----

    /// <summary>Some unit of <paramref name="layer"/> in <paramref name="other"/> correlates with this one at least <paramref name="minCorrelation"/> over the stimuli.</summary>
    public AndConstraint<UnitAssertions> HaveAnalogueIn(Network other, string layer, StimulusSet stimuli, double minCorrelation = 0.8, int seed = 0,
        string because = "", params object[] becauseArgs)
    {
        var match = Universality.Match(Subject.Model, Subject.Layer, other, layer, stimuli, [Subject.Channel], seed)[0];
        return Reach(Verdict.Decide($"{Subject.Label} to have an analogue in {layer} of {other.ModelName} (r ≥ {F(minCorrelation)})",
            match.Correlation >= minCorrelation,
            $"the best match was {match.Analogue?.Label ?? "none"} with r = {F(match.Correlation)} (shuffled baseline {F(match.ShuffledCorrelation)})",
            [match.ToString(), $"stimuli: {Describe(stimuli)}"], match.Inconclusive), because, becauseArgs);
    }

    internal static string Describe(KernelSlice k) =>
        $"{k.Source} → {k.Target}: net {F(k.Sum)} (positive {F(k.PositiveSum)}, negative {F(k.NegativeSum)}), {(k.Expanded ? "expanded" : "direct")} {k.Height}×{k.Width}";
}

/// <summary>Claims about the kernel from one source unit: <c>unit.Should().ReceiveWeightFrom(source).At(KernelRegion.Top)</c>.</summary>
public sealed class KernelAssertions
{
    private readonly UnitAssertions _parent;

    internal KernelAssertions(UnitAssertions parent, KernelSlice kernel)
    {
        _parent = parent;
        Kernel = kernel;
    }

    public KernelSlice Kernel { get; }

    /// <summary>At least <paramref name="minShare"/> of the positive weight lies in the region.</summary>
    public AndConstraint<UnitAssertions> At(KernelRegion region, double minShare = 0.5, string because = "", params object[] becauseArgs)
    {
        var share = Kernel.PositiveShare(region);
        return _parent.Reach(Verdict.Decide($"{Kernel.Target} to receive positive weight from {Kernel.Source} at the {region.ToString().ToLowerInvariant()} of its kernel (≥ {minShare:P0})",
            share >= minShare, $"{share:P0} of it lies there (angle of the positive weight: {Kernel.PositiveAngle:F0}°)",
            [UnitAssertions.Describe(Kernel), Kernel.ToString().TrimEnd()], Kernel.PositiveSum == 0 ? "the kernel has no positive weight" : null), because, becauseArgs);
    }
}
