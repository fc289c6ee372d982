using CircuitSpec.Errors;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// What a head circuit is judged by, per text: a later head's attention to a target, or how close the sentence
/// embedding stays to the unchanged model's. Its candidates are the heads that can change it.
/// </summary>
public abstract record HeadMetric(string Description)
{
    /// <summary>One value per text of <paramref name="on"/> (texts the metric has no value for are left out alike in every run).</summary>
    internal abstract IReadOnlyList<double> Measure(SentenceTransformer model, TextStimulusSet on, IReadOnlyList<PointChange> changes);

    /// <summary>The heads whose ablation can change the metric.</summary>
    internal abstract IReadOnlyList<AttentionHead> Candidates(SentenceTransformer model);

    /// <summary>The readout head's attention to <paramref name="to"/> (every head of an earlier block is a candidate).</summary>
    public static HeadMetric AttentionOf(AttentionHead readout, AttentionTarget to) => new AttentionMetric(readout, to);

    /// <summary>The cosine similarity of each text's sentence embedding to the unchanged model's (every head is a candidate).</summary>
    public static HeadMetric EmbeddingSimilarity() => new EmbeddingMetric();

    public sealed override string ToString() => Description;

    private sealed record AttentionMetric(AttentionHead Readout, AttentionTarget To) : HeadMetric($"{Readout.Label}'s attention to {To.Description}")
    {
        internal override IReadOnlyList<double> Measure(SentenceTransformer model, TextStimulusSet on, IReadOnlyList<PointChange> changes) =>
            HeadScoreTable.Measure(model, on, To, changes).Of(Readout);

        internal override IReadOnlyList<AttentionHead> Candidates(SentenceTransformer model) =>
            Enumerable.Range(0, Readout.Layer).SelectMany(l => Enumerable.Range(0, model.Heads).Select(h => model.Head(l, h))).ToList();
    }

    private sealed record EmbeddingMetric() : HeadMetric("the sentence embedding's similarity to the unchanged model's")
    {
        internal override IReadOnlyList<double> Measure(SentenceTransformer model, TextStimulusSet on, IReadOnlyList<PointChange> changes)
        {
            using var scope = NewDisposeScope();
            var batch = on.Batch(model.Tokenizer);
            Tensor Embed(IReadOnlyList<PointChange> c)
            {
                using var cache = model.RunWithCache(batch, new ForwardPlan { Captures = ["ln_final"], Changes = c, WantsOutput = false });
                return model.Embedding(cache["ln_final"], batch);
            }
            var clean = Embed([]);
            var changed = changes.Count == 0 ? clean : Embed(changes);
            return (clean * changed).sum(1).to(float64).cpu().data<double>().ToArray();
        }

        internal override IReadOnlyList<AttentionHead> Candidates(SentenceTransformer model) =>
            Enumerable.Range(0, model.Blocks).SelectMany(l => Enumerable.Range(0, model.Heads).Select(h => model.Head(l, h))).ToList();
    }
}

/// <summary>
/// A circuit of attention heads and the metric it is claimed to carry: <c>new HeadCircuit("induction", [model.Head(0, 0)],
/// HeadMetric.AttentionOf(model.Head(1, 0), new RepeatTarget(true)))</c>.
/// </summary>
public sealed record HeadCircuit(string Name, IReadOnlyList<AttentionHead> Heads, HeadMetric Metric)
{
    public SentenceTransformer Model => Heads.Count > 0 ? Heads[0].Model : throw new CircuitSpecException($"The head circuit '{Name}' has no heads.");

    public override string ToString() => $"the head circuit '{Name}' ({string.Join(", ", Heads.Select(h => h.Label))})";
}
