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
        var claim = $"{Subject.Label} to be {word} by {string.Join(", ", list.Select(s => s.Label))}";
        ClaimGuard.NotVacuous(claim, list.Count == 0, "it names no source, and \"all of none\" is always true");
        ClaimGuard.Number(claim, "minWeight", minWeight);
        ClaimGuard.Possible(claim, minWeight < 0,
            $"a negative minWeight ({F(minWeight)}) would count a net weight of the opposite sign as {word}; use 0 or more");
        ClaimGuard.Possible(claim, double.IsPositiveInfinity(minWeight), "no finite weight exceeds ∞");
        var kernels = list.Select(s => (Source: s, Kernel: s.EffectiveWeightsTo(Subject))).ToList();
        var wrong = kernels.Where(k => sign * k.Kernel.Sum <= minWeight).ToList();
        var evidence = kernels.Select(k => Describe(k.Kernel)).Append($"threshold: net weight {(sign > 0 ? ">" : "<")} {F(sign * minWeight)}").ToList();
        var finding = wrong.Count == 0 ? $"all {list.Count} are"
            : $"{wrong.Count} of {list.Count} are not: {string.Join(", ", wrong.Select(w => $"{w.Source.Label} (net {F(w.Kernel.Sum)})"))}";
        return Reach(Verdict.Decide(claim, wrong.Count == 0, finding, evidence, NonFinite(kernels.Select(k => k.Kernel))), because, becauseArgs);
    }

    /// <summary>Claims about where in its kernel this unit receives weight from <paramref name="source"/>.</summary>
    public KernelAssertions ReceiveWeightFrom(Unit source) => new(this, source.EffectiveWeightsTo(Subject));

    /// <summary>The expected units are among the <paramref name="top"/> strongest inputs from their layer.</summary>
    public AndConstraint<UnitAssertions> HaveAmongStrongestInputs(IEnumerable<Unit> expected, int top = 10, WeightMeasure by = WeightMeasure.Positive,
        bool expanded = false, string because = "", params object[] becauseArgs)
    {
        var list = expected.ToList();
        var claim = $"{string.Join(", ", list.Select(u => u.Label))} to be among the {top} strongest inputs of {Subject.Label}";
        ClaimGuard.NotVacuous(claim, list.Count == 0, "it names no unit");
        ClaimGuard.Possible(claim, top <= 0, $"there is no top {top}");
        var layer = list[0].Layer;
        ClaimGuard.Possible(claim, list.Any(u => u.Layer != layer), "the units are from different layers; rank one layer at a time");
        var ranked = Subject.InputWeights(layer, expanded).Ranked(by);
        ClaimGuard.NotVacuous(claim, top >= ranked.Count, $"{layer} has only {ranked.Count} channels, so every one is among the {top} strongest");
        // Ranks count ties against the claim (a unit tied with the one after the top k is not "among the top k"), and a
        // score at or below float rounding of the largest one is no weight of this kind at all.
        var scale = ranked.Select(r => Math.Abs(r.Score)).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var floor = 1e-6 * scale;
        var ranks = list.Select(u => ranked.First(r => r.Source.Channel == u.Channel))
            .Select(r => (Unit: r.Source, r.Score, Rank: ranked.Count(o => o.Score >= r.Score), None: r.Score <= floor)).ToList();
        var missing = ranks.Where(r => r.Rank > top || r.None).ToList();
        var evidence = new List<string>
        {
            $"top {top} {by.ToString().ToLowerInvariant()} inputs from {layer}{(expanded ? " (expanded)" : "")}: " +
            string.Join(", ", ranked.Take(top).Select(r => $"{r.Source.Label} {F(r.Score)}")),
        };
        evidence.AddRange(ranks.Select(r => $"{r.Unit.Label}: score {F(r.Score)}, rank {r.Rank} of {ranked.Count} (ties counted against it)"));
        string Why((Unit Unit, double Score, int Rank, bool None) m) => m.None
            ? $"{m.Unit.Label} has no {by.ToString().ToLowerInvariant()} weight (score {F(m.Score)}, at or below {F(floor)})"
            : $"{m.Unit.Label} ranks {m.Rank}{(ranked.Count(o => o.Score == m.Score) > 1 ? $", tied with {ranked.Count(o => o.Score == m.Score) - 1} other(s) at {F(m.Score)}" : "")}";
        return Reach(Verdict.Decide(claim,
            missing.Count == 0, missing.Count == 0 ? "they are" : string.Join(", ", missing.Select(Why)), evidence,
            NonFinite(ranked.Select(r => r.Weights))), because, becauseArgs);
    }

    // ---- universality ----

    /// <summary>Some unit of <paramref name="layer"/> in <paramref name="other"/> correlates with this one at least <paramref name="minCorrelation"/> over the stimuli.</summary>
    public AndConstraint<UnitAssertions> HaveAnalogueIn(Network other, string layer, StimulusSet stimuli, double minCorrelation = 0.8, int seed = 0,
        string because = "", params object[] becauseArgs)
    {
        var claim = $"{Subject.Label} to have an analogue in {layer} of {other.ModelName} (r ≥ {F(minCorrelation)})";
        ClaimGuard.Number(claim, "minCorrelation", minCorrelation);
        ClaimGuard.NotVacuous(claim, minCorrelation <= -1, "every correlation is at least −1");
        ClaimGuard.Possible(claim, minCorrelation > 1, "no correlation exceeds 1");
        var match = Universality.Match(Subject.Model, Subject.Layer, other, layer, stimuli, [Subject.Channel], seed)[0];
        return Reach(Verdict.Decide(claim,
            match.Correlation >= minCorrelation,
            $"the best match was {match.Analogue?.Label ?? "none"} with r = {F(match.Correlation)} (shuffled baseline {F(match.ShuffledCorrelation)})",
            [match.ToString(), $"stimuli: {Describe(stimuli)}"], match.Inconclusive), because, becauseArgs);
    }

    /// <summary>Why weights cannot support a verdict (some are NaN or infinite), or null.</summary>
    internal static string? NonFinite(IEnumerable<KernelSlice> kernels)
    {
        var broken = kernels.Where(k => !k.IsFinite).ToList();
        return broken.Count == 0 ? null
            : $"the weights {string.Join(", ", broken.Take(4).Select(k => $"{k.Source} → {k.Target}"))}{(broken.Count > 4 ? ", …" : "")} hold NaN or infinite values";
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
        var claim = $"{Kernel.Target} to receive positive weight from {Kernel.Source} at the {region.ToString().ToLowerInvariant()} of its kernel (≥ {minShare:P0})";
        ClaimGuard.Number(claim, "minShare", minShare);
        ClaimGuard.NotVacuous(claim, minShare <= 0, "every region holds at least 0 % of the positive weight");
        ClaimGuard.Possible(claim, minShare > 1, "no region holds more than all of the positive weight");
        var share = Kernel.PositiveShare(region);
        return _parent.Reach(Verdict.Decide(claim,
            share >= minShare, $"{share:P0} of it lies there (angle of the positive weight: {Kernel.PositiveAngle:F0}°)",
            [UnitAssertions.Describe(Kernel), Kernel.ToString().TrimEnd()],
            UnitAssertions.NonFinite([Kernel]) ?? (Kernel.PositiveSum == 0 ? "the kernel has no positive weight" : null)), because, becauseArgs);
    }
}
