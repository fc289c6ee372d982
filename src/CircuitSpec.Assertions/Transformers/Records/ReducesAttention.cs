using CircuitSpec.Claims;
using CircuitSpec.Errors;
using CircuitSpec.Measurements;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// The change to a head lowers <see cref="Later"/>'s attention to <see cref="To"/> by at least <see cref="ByAtLeast"/>
/// (of all its attention), measured per text (paired: the same text with and without the change), with a bootstrap
/// interval over texts, beside the same change made to every other head of the same block as the negative control.
/// </summary>
public sealed record ReducesAttention(HeadIntervention Change, AttentionHead Later, AttentionTarget To, TextStimulusSet On, double ByAtLeast = 0.2, int Seed = 0)
    : ClaimRecord
{
    public override string Sentence => $"{Change.Description} to reduce {Later.Label}'s attention to {To.Description} by at least {F(ByAtLeast)} on {On.Name}";

    protected override void Guard()
    {
        Number("byAtLeast", ByAtLeast);
        NotVacuous(ByAtLeast <= 0, "a change of at most 0 is no reduction");
        Possible(To is not Spread && ByAtLeast > 1, "attention cannot fall by more than all of it");
        var head = Change.Head;
        if (Later.Layer <= head.Layer)
            throw new CircuitSpecException($"{Later.Label} is not in a block after {head.Label}: a change to a head reaches only later blocks' attention.");
        if (Later.Model != head.Model) throw new CircuitSpecException($"{Later} and {head} are heads of different models.");
    }

    protected override Verdict Decide()
    {
        var head = Change.Head;
        var clean = HeadScoreTable.Measure(head.Model, On, To).Of(Later);
        if (clean.Count == 0) return Verdict(false, () => "", () => [], $"no text of {On.Name} has {To.Description} for any query");
        var drops = Drops(Change, clean);
        var mean = drops.Average();
        var interval = Statistics.MeanInterval(drops, Seed);
        var controls = Enumerable.Range(0, head.Model.Heads).Where(h => h != head.Index)
            .Select(h => (Head: head.Model.Head(head.Layer, h), Drop: Drops(Change.On(head.Model.Head(head.Layer, h)), clean).Average())).ToList();
        var median = controls.Select(c => c.Drop).Order().ElementAt(controls.Count / 2);
        var strongest = controls.MaxBy(c => c.Drop);
        return Verdict(mean >= ByAtLeast && interval.Low > median,
            () => $"it fell by {F(mean)} (95 % CI {F(interval.Low)} to {F(interval.High)}) from {F(clean.Average())}; " +
                  $"the same change to the block's other heads: median {F(median)}, largest {F(strongest.Drop)} ({strongest.Head.Label})",
            () =>
            [
                $"per text: {string.Join(", ", drops.Select(F))}", $"controls: {string.Join(", ", controls.Select(c => $"{c.Head.Label} {F(c.Drop)}"))}", $"stimuli: {On.Name}",
            ],
            null, interval);
    }

    private List<double> Drops(HeadIntervention intervention, IReadOnlyList<double> clean)
    {
        using var scope = NewDisposeScope();
        var change = intervention.Make(intervention.Head, On.Batch(Later.Model.Tokenizer));
        var changed = HeadScoreTable.Measure(Later.Model, On, To, [change]).Of(Later);
        return clean.Zip(changed, (c, a) => c - a).ToList();
    }
}
