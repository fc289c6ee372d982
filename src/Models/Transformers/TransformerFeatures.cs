using CircuitSpec.Activations;
using CircuitSpec.Errors;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// Attention head <c>blocks.{Layer}.attn:{Index}</c> of a transformer: its pattern [batch, query, key] and its output
/// z [batch, position, d_head] are slices of the block's hook points.
/// </summary>
public sealed record AttentionHead(SentenceTransformer Model, int Layer, int Index)
{
    public string Label => $"blocks.{Layer}.attn:{Index}";
    public string PatternPoint => $"blocks.{Layer}.attn.hook_pattern";
    public string ZPoint => $"blocks.{Layer}.attn.hook_z";

    /// <summary>The head's attention pattern [batch, query, key] from a cache that holds the block's pattern.</summary>
    public Tensor Pattern(ActivationCache cache) => cache[PatternPoint].select(1, Index);

    /// <summary>The head's output zeroed (its write into the residual stream is then only its share of the bias), optionally only at some positions.</summary>
    public PointChange Zeroed(TokenPositions? at = null) => Change(z => zeros_like(z.select(2, Index)), at);

    /// <summary>The head's output replaced by what it was in another run of the same batch shape (activation patching).</summary>
    public PointChange PatchedFrom(ActivationCache cache, TokenPositions? at = null)
    {
        var source = cache[ZPoint].select(2, Index);
        return Change(z => source.to(z.device), at);
    }

    /// <summary>The head's output replaced by its mean over the positions the mask keeps in a reference batch.</summary>
    public PointChange MeanAblated(ActivationCache reference, Tensor mask, TokenPositions? at = null)
    {
        var values = reference[ZPoint].select(2, Index);
        var weights = mask.to(values.dtype).unsqueeze(-1);
        var mean = (values * weights).sum([0, 1]) / weights.sum().clamp_min(1);
        return Change(z => mean.to(z.device).expand_as(z.select(2, Index)), at);
    }

    /// <summary>
    /// Each text's head output replaced by that of a text drawn from a reference run of the same length; the draws are
    /// fixed by <paramref name="seed"/> when the change is made, so reusing it repeats them.
    /// </summary>
    public PointChange Resampled(ActivationCache reference, int texts, int seed = 0, TokenPositions? at = null)
    {
        var pool = reference[ZPoint].select(2, Index);
        var random = new Random(seed);
        var draws = tensor(Enumerable.Range(0, texts).Select(_ => (long)random.Next((int)pool.shape[0])).ToArray());
        return Change(z =>
        {
            if (pool.shape[1] != z.shape[1])
                throw new CircuitSpecException($"Resampling {Label} needs a reference of {z.shape[1]} tokens per text, not {pool.shape[1]}.");
            return pool.index_select(0, draws.to(z.device)).to(z.device);
        }, at);
    }

    private PointChange Change(Func<Tensor, Tensor> replacement, TokenPositions? at) => new(ZPoint, z =>
    {
        if (Index >= z.shape[2]) throw new CircuitSpecException($"{Label} does not exist: layer {Layer} has {z.shape[2]} heads.");
        var old = z.select(2, Index);
        var head = replacement(z);
        if (at is not null) head = where(at.Mask(old), head, old);
        var changed = z.clone();
        changed.select(2, Index).copy_(head);
        return changed;
    });

    public override string ToString() => $"{Model.Name} {Label}";
}

/// <summary>MLP neuron <c>blocks.{Layer}.mlp:{Index}</c>: one channel of the block's hook_post (after the GELU).</summary>
public sealed record MlpNeuron(SentenceTransformer Model, int Layer, int Index)
{
    public string Label => $"blocks.{Layer}.mlp:{Index}";
    public string Point => $"blocks.{Layer}.mlp.hook_post";

    /// <summary>The neuron's value [batch, position].</summary>
    public Tensor Read(ActivationCache cache) => cache[Point].select(-1, Index);

    public PointChange Zeroed(TokenPositions? at = null) => new(Point, a =>
    {
        var changed = a.clone();
        var channel = changed.select(-1, Index);
        channel.copy_(at is null ? zeros_like(channel) : where(at.Mask(channel), zeros_like(channel), channel));
        return changed;
    });

    /// <summary>The neuron's value replaced by a constant (e.g. a high activation, to see what it writes).</summary>
    public PointChange ClampedTo(double value, TokenPositions? at = null) => new(Point, a =>
    {
        var changed = a.clone();
        var channel = changed.select(-1, Index);
        var constant = full_like(channel, value);
        channel.copy_(at is null ? constant : where(at.Mask(channel), constant, channel));
        return changed;
    });

    public override string ToString() => $"{Model.Name} {Label}";
}
