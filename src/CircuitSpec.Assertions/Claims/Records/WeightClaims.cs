using CircuitSpec.Features;
using CircuitSpec.Weights;

namespace CircuitSpec.Claims;

/// <summary>
/// Every source's net weight into the feature has the sign <see cref="Sign"/> (+1 excited, −1 inhibited) beyond
/// <see cref="MinWeight"/>; a direction's weights are the combination of its units' that its reading is.
/// </summary>
public sealed record ExcitedBy(Feature Subject, IReadOnlyList<Unit> Sources, int Sign = +1, double MinWeight = 0) : ClaimRecord
{
    private string Word => Sign > 0 ? "excited" : "inhibited";

    public override string Sentence => $"{Subject.Label} to be {Word} by {string.Join(", ", Sources.Select(s => s.Label))}";

    protected override void Guard()
    {
        Possible(Sign is not (1 or -1), $"a sign is +1 or −1, not {Sign}");
        NotVacuous(Sources.Count == 0, "it names no source, and \"all of none\" is always true");
        Number("minWeight", MinWeight);
        Possible(MinWeight < 0, $"a negative minWeight ({F(MinWeight)}) would count a net weight of the opposite sign as {Word}; use 0 or more");
        Possible(double.IsPositiveInfinity(MinWeight), "no finite weight exceeds ∞");
    }

    protected override Verdict Decide()
    {
        var kernels = Sources.Select(s => (Source: s, Kernel: s.EffectiveWeightsTo(Subject))).ToList();
        var wrong = kernels.Where(k => Sign * k.Kernel.Sum <= MinWeight).ToList();
        return Verdict(wrong.Count == 0,
            () => wrong.Count == 0 ? $"all {Sources.Count} are"
                : $"{wrong.Count} of {Sources.Count} are not: {string.Join(", ", wrong.Select(w => $"{w.Source.Label} (net {F(w.Kernel.Sum)})"))}",
            () => kernels.Select(k => KernelText.Describe(k.Kernel)).Append($"threshold: net weight {(Sign > 0 ? ">" : "<")} {F(Sign * MinWeight)}"),
            KernelText.NonFinite(kernels.Select(k => k.Kernel)), [.. kernels.Select(k => k.Kernel)]);
    }
}

/// <summary>At least <see cref="MinShare"/> of the positive weight from <see cref="Source"/> into <see cref="Target"/> lies in <see cref="Region"/> of the kernel.</summary>
public sealed record WeightAt(Feature Target, Unit Source, KernelRegion Region, double MinShare = 0.5) : ClaimRecord
{
    public override string Sentence =>
        $"{Target.Label} to receive positive weight from {Source.Label} at the {Region.ToString().ToLowerInvariant()} of its kernel (≥ {P(MinShare)})";

    protected override void Guard()
    {
        Number("minShare", MinShare);
        NotVacuous(MinShare <= 0, "every region holds at least 0 % of the positive weight");
        Possible(MinShare > 1, "no region holds more than all of the positive weight");
    }

    protected override Verdict Decide()
    {
        var kernel = Source.EffectiveWeightsTo(Target);
        var share = kernel.PositiveShare(Region);
        return Verdict(share >= MinShare, () => $"{P(share)} of it lies there (angle of the positive weight: {kernel.PositiveAngle:F0}°)",
            () => [KernelText.Describe(kernel), kernel.ToString().TrimEnd()],
            KernelText.NonFinite([kernel]) ?? (kernel.PositiveSum == 0 ? "the kernel has no positive weight" : null), kernel);
    }
}

/// <summary>The <see cref="Expected"/> units (of one layer) are among the <see cref="Top"/> strongest inputs of the feature from their layer, ties counted against them.</summary>
public sealed record AmongStrongestInputs(Feature Subject, IReadOnlyList<Unit> Expected, int Top = 10, WeightMeasure By = WeightMeasure.Positive, bool Expanded = false)
    : ClaimRecord
{
    public override string Sentence => $"{string.Join(", ", Expected.Select(u => u.Label))} to be among the {Top} strongest inputs of {Subject.Label}";

    protected override void Guard()
    {
        NotVacuous(Expected.Count == 0, "it names no unit");
        Possible(Top <= 0, $"there is no top {Top}");
        Possible(Expected.Any(u => u.Layer != Expected[0].Layer), "the units are from different layers; rank one layer at a time");
    }

    protected override Verdict Decide()
    {
        var layer = Expected[0].Layer;
        var ranked = Subject.InputWeights(layer, Expanded).Ranked(By);
        NotVacuous(Top >= ranked.Count, $"{layer} has only {ranked.Count} channels, so every one is among the {Top} strongest");
        // Ranks count ties against the claim (a unit tied with the one after the top k is not "among the top k"), and a
        // score at or below float rounding of the largest one is no weight of this kind at all.
        var scale = ranked.Select(r => Math.Abs(r.Score)).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        var floor = 1e-6 * scale;
        var ranks = Expected.Select(u => ranked.First(r => r.Source.Channel == u.Channel))
            .Select(r => new Rank(r.Source, r.Score, ranked.Count(o => o.Score >= r.Score), r.Score <= floor, ranked.Count(o => o.Score == r.Score) - 1)).ToList();
        var missing = ranks.Where(r => r.Place > Top || r.None).ToList();
        var measure = By.ToString().ToLowerInvariant();
        return Verdict(missing.Count == 0,
            () => missing.Count == 0 ? "they are" : string.Join(", ", missing.Select(m => m.None
                ? $"{m.Unit.Label} has no {measure} weight (score {F(m.Score)}, at or below {F(floor)})"
                : $"{m.Unit.Label} ranks {m.Place}{(m.Tied > 0 ? $", tied with {m.Tied} other(s) at {F(m.Score)}" : "")}")),
            () => ranks.Select(r => $"{r.Unit.Label}: score {F(r.Score)}, rank {r.Place} of {ranked.Count} (ties counted against it)")
                .Prepend($"top {Top} {measure} inputs from {layer}{(Expanded ? " (expanded)" : "")}: " +
                         string.Join(", ", ranked.Take(Top).Select(r => $"{r.Source.Label} {F(r.Score)}"))),
            KernelText.NonFinite(ranked.Select(r => r.Weights)), [.. ranked]);
    }

    private sealed record Rank(Unit Unit, double Score, int Place, bool None, int Tied);
}
