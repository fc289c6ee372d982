using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>Each head of a block zeroed in turn, and how far the pooled sentence embedding moves (1 − cosine).</summary>
public sealed record HeadSweepResult(int Layer, IReadOnlyList<double> EmbeddingChange)
{
    public override string ToString() =>
        $"zeroing each head of block {Layer}: 1 − cos(embedding) " + string.Join(", ", EmbeddingChange.Select((c, h) => $"{h}: {c:G3}"));
}

/// <summary>
/// Batched sweeps over heads: the batch fans out at the block's hook_z into one copy per head plus the clean one, so
/// the blocks before it run once; copy h + 1 has head h zeroed.
/// </summary>
public static class HeadSweep
{
    public static HeadSweepResult ZeroEach(SentenceTransformer model, TokenBatch batch, int layer)
    {
        using var scope = NewDisposeScope();
        var heads = model.Heads;
        var rows = (long)batch.Count;
        var zPoint = model.Head(layer, 0).ZPoint;
        var plan = new ForwardPlan { FanOut = new FanOut(zPoint, heads + 1), Captures = ["ln_final"], WantsOutput = false }
            .Changing(zPoint, z =>
            {
                var changed = z.clone();
                for (var h = 0; h < heads; h++) changed.narrow(0, (h + 1) * rows, rows).select(2, h).zero_();
                return changed;
            });
        using var cache = model.RunWithCache(batch, plan);
        var states = cache["ln_final"];
        var clean = model.Embedding(states.narrow(0, 0, rows), batch);
        var change = Enumerable.Range(0, heads).Select(h => Distance(model.Embedding(states.narrow(0, (h + 1) * rows, rows), batch), clean)).ToList();
        return new HeadSweepResult(layer, change);
    }

    /// <summary>The same, one pass per head (the reference the batched sweep is checked against).</summary>
    public static HeadSweepResult ZeroEachSequentially(SentenceTransformer model, TokenBatch batch, int layer)
    {
        using var scope = NewDisposeScope();
        // From the batch's own tokens: a stimulus set's batch carries descriptions, not texts to tokenize again.
        var clean = model.Embedding(model.TokenStates(batch), batch);
        var change = Enumerable.Range(0, model.Heads).Select(h =>
        {
            using var cache = model.RunWithCache(batch, ["ln_final"], model.Head(layer, h).Zeroed());
            return Distance(model.Embedding(cache["ln_final"], batch), clean);
        }).ToList();
        return new HeadSweepResult(layer, change);
    }

    // 1 − cosine between unit embeddings, averaged over the texts.
    private static double Distance(Tensor embedded, Tensor clean) => (embedded * clean).sum(-1).SubtractedFrom(1).mean().item<float>();
}
