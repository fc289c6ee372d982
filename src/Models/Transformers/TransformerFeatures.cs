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

    /// <summary>The head's output zeroed (its write into the residual stream then only its share of the bias).</summary>
    public PointChange Zeroed() => new(ZPoint, z => Replace(z, zeros_like(z.select(2, Index))));

    /// <summary>The head's output replaced by what it was in another run of the same batch shape (activation patching).</summary>
    public PointChange PatchedFrom(ActivationCache cache)
    {
        var source = cache[ZPoint].select(2, Index);
        return new(ZPoint, z => Replace(z, source.to(z.device)));
    }

    /// <summary>The head's output replaced by its mean over the positions the mask keeps in a reference batch.</summary>
    public PointChange MeanAblated(ActivationCache reference, Tensor mask)
    {
        var values = reference[ZPoint].select(2, Index);
        var weights = mask.to(values.dtype).unsqueeze(-1);
        var mean = (values * weights).sum([0, 1]) / weights.sum().clamp_min(1);
        return new(ZPoint, z => Replace(z, mean.to(z.device).expand_as(z.select(2, Index))));
    }

    private Tensor Replace(Tensor z, Tensor head)
    {
        if (Index >= z.shape[2]) throw new CircuitSpecException($"{Label} does not exist: layer {Layer} has {z.shape[2]} heads.");
        var changed = z.clone();
        changed.select(2, Index).copy_(head);
        return changed;
    }

    public override string ToString() => $"{Model.Name} {Label}";
}

/// <summary>MLP neuron <c>blocks.{Layer}.mlp:{Index}</c>: one channel of the block's hook_post (after the GELU).</summary>
public sealed record MlpNeuron(SentenceTransformer Model, int Layer, int Index)
{
    public string Label => $"blocks.{Layer}.mlp:{Index}";
    public string Point => $"blocks.{Layer}.mlp.hook_post";

    /// <summary>The neuron's value [batch, position].</summary>
    public Tensor Read(ActivationCache cache) => cache[Point].select(-1, Index);

    public PointChange Zeroed() => new(Point, a =>
    {
        var changed = a.clone();
        changed.select(-1, Index).zero_();
        return changed;
    });

    public override string ToString() => $"{Model.Name} {Label}";
}
