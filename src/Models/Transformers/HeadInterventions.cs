using CircuitSpec.Errors;
using CircuitSpec.Networks;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// One kind of change to a head's output, made afresh for each batch a claim runs (and for each control head):
/// <c>model.Head(0, 2).Ablated()</c> zeroes it; <c>.PatchedWith(corrupted)</c> puts in what it wrote on other text.
/// </summary>
public sealed record HeadIntervention(AttentionHead Head, string Kind, Func<AttentionHead, TokenBatch, PointChange> Make)
{
    public string Description => $"{Head.Label} {Kind}";

    /// <summary>The same change applied to another head (a control).</summary>
    public HeadIntervention On(AttentionHead other) => this with { Head = other };

    public override string ToString() => Description;
}

public static class HeadInterventions
{
    /// <summary>The head's output zeroed at every position.</summary>
    public static HeadIntervention Ablated(this AttentionHead head) => new(head, "zeroed", (h, _) => h.Zeroed());

    /// <summary>
    /// The head's output on each text replaced by what it wrote on the matching text of <paramref name="corrupted"/>
    /// (activation patching); both sets must tokenize to batches of the same shape.
    /// </summary>
    public static HeadIntervention PatchedWith(this AttentionHead head, TextStimulusSet corrupted) => new(head, $"patched from {corrupted.Name}", (h, batch) =>
    {
        var source = corrupted.Batch(h.Model.Tokenizer);
        if (source.Count != batch.Count || source.Length != batch.Length)
            throw new CircuitSpecException($"Patching {h.Label} from {corrupted.Name} needs {batch.Count} texts of {batch.Length} tokens, " +
                                           $"as the clean batch has; the corrupted one has {source.Count} of {source.Length}.");
        // The change holds a view of the captured value, which outlives the cache's own handle.
        using var cache = h.Model.RunWithCache(source, new ForwardPlan { Captures = [h.ZPoint], WantsOutput = false });
        return h.PatchedFrom(cache);
    });
}
