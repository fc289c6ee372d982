using CircuitSpec.Activations;
using CircuitSpec.Errors;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
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
    public PointChange Zeroed(TokenPositions? at = null) => Change(old => zeros_like(old), at);

    /// <summary>The head's output replaced by what it was in another run of the same batch shape (activation patching).</summary>
    public PointChange PatchedFrom(ActivationCache cache, TokenPositions? at = null)
    {
        var source = cache[ZPoint].select(2, Index);
        return Change(old => source.to(old.device), at);
    }

    /// <summary>The head's output replaced by its mean over the positions the mask keeps in a reference batch.</summary>
    public PointChange MeanAblated(ActivationCache reference, Tensor mask, TokenPositions? at = null)
    {
        var mean = SliceChanges.MeanOver(reference[ZPoint].select(2, Index), mask);
        return Change(old => mean.to(old.device).expand_as(old), at);
    }

    /// <summary>
    /// Each text's head output replaced by that of a text drawn from a reference run of the same length; the draws are
    /// fixed by <paramref name="seed"/> when the change is made, so reusing it repeats them.
    /// </summary>
    public PointChange Resampled(ActivationCache reference, int texts, int seed = 0, TokenPositions? at = null) =>
        Change(SliceChanges.Resample(reference[ZPoint].select(2, Index), texts, seed, Label), at);

    private PointChange Change(Func<Tensor, Tensor> replacement, TokenPositions? at) =>
        SliceChanges.Make(ZPoint, z => Index < z.shape[2] ? z.select(2, Index)
            : throw new CircuitSpecException($"{Label} does not exist: layer {Layer} has {z.shape[2]} heads."), replacement, at);

    public override string ToString() => $"{Model.Name} {Label}";
}

/// <summary>MLP neuron <c>blocks.{Layer}.mlp:{Index}</c>: one channel of the block's hook_post (after the GELU).</summary>
public sealed record MlpNeuron(SentenceTransformer Model, int Layer, int Index)
{
    public string Label => $"blocks.{Layer}.mlp:{Index}";
    public string Point => $"blocks.{Layer}.mlp.hook_post";

    /// <summary>The neuron's value [batch, position].</summary>
    public Tensor Read(ActivationCache cache) => cache[Point].select(-1, Index);

    public PointChange Zeroed(TokenPositions? at = null) => Change(old => zeros_like(old), at);

    /// <summary>The neuron's value replaced by a constant (e.g. a high activation, to see what it writes).</summary>
    public PointChange ClampedTo(double value, TokenPositions? at = null) => Change(old => old.FilledLike(value), at);

    /// <summary>The neuron's value replaced by its mean over the positions the mask keeps in a reference batch.</summary>
    public PointChange MeanAblated(ActivationCache reference, Tensor mask, TokenPositions? at = null)
    {
        var mean = SliceChanges.MeanOver(Read(reference), mask);
        return Change(old => mean.to(old.device).expand_as(old), at);
    }

    /// <summary>Each text's values replaced by those of a reference text drawn when the change is made (seeded).</summary>
    public PointChange Resampled(ActivationCache reference, int texts, int seed = 0, TokenPositions? at = null) =>
        Change(SliceChanges.Resample(Read(reference), texts, seed, Label), at);

    /// <summary>The neuron's values from another run of the same batch shape.</summary>
    public PointChange PatchedFrom(ActivationCache cache, TokenPositions? at = null)
    {
        var source = Read(cache);
        return Change(old => source.to(old.device), at);
    }

    private PointChange Change(Func<Tensor, Tensor> replacement, TokenPositions? at) =>
        SliceChanges.Make(Point, a => Index < a.shape[^1] ? a.select(-1, Index)
            : throw new CircuitSpecException($"{Label} does not exist: block {Layer}'s MLP has {a.shape[^1]} neurons."), replacement, at);

    public override string ToString() => $"{Model.Name} {Label}";
}

/// <summary>
/// A direction in a [batch, position, d_model] hook point (the residual stream, an attention or MLP output): its value
/// is the projection on the unit vector; projecting it out removes that component and nothing else.
/// </summary>
public sealed record ResidualDirection(SentenceTransformer Model, string Point, IReadOnlyList<float> Vector, string Name)
{
    private Tensor Unit(Device device) => nn.functional.normalize(tensor(Vector.ToArray(), device: device), p: 2, dim: 0);

    /// <summary>The projection on the direction [batch, position].</summary>
    public Tensor Read(ActivationCache cache)
    {
        var a = cache[Point];
        return a.matmul(Unit(a.device));
    }

    /// <summary>The component along the direction removed (at the given positions, or everywhere).</summary>
    public PointChange ProjectedOut(TokenPositions? at = null) => new(Point, a =>
    {
        var u = Unit(a.device);
        var removed = a - a.matmul(u).unsqueeze(-1) * u;
        return at is null ? removed : where(at.Mask(a), removed, a);
    });

    public override string ToString() => $"{Model.Name} {Name} in {Point}";
}

/// <summary>Changes of one slice of a hook point (a head, a neuron), optionally limited to token positions.</summary>
internal static class SliceChanges
{
    public static PointChange Make(string point, Func<Tensor, Tensor> slice, Func<Tensor, Tensor> replacement, TokenPositions? at) => new(point, a =>
    {
        var changed = a.clone();
        var view = slice(changed);
        var old = view.clone();
        var value = replacement(old);
        view.copy_(at is null ? value.expand_as(old) : where(at.Mask(old), value, old));
        return changed;
    });

    // The mean over the positions a [texts, length] mask keeps, of values [texts, length, …].
    public static Tensor MeanOver(Tensor values, Tensor mask)
    {
        var weights = mask.to(values.dtype).reshape([.. mask.shape, .. Enumerable.Repeat(1L, (int)values.dim() - 2)]);
        return (values * weights).sum([0, 1]) / weights.sum().AtLeast(1);
    }

    public static Func<Tensor, Tensor> Resample(Tensor pool, int texts, int seed, string label)
    {
        var random = new Random(seed);
        var draws = tensor(Enumerable.Range(0, texts).Select(_ => (long)random.Next((int)pool.shape[0])).ToArray());
        return old => pool.shape[1] == old.shape[1]
            ? pool.index_select(0, draws.to(old.device)).to(old.device)
            : throw new CircuitSpecException($"Resampling {label} needs a reference of {old.shape[1]} tokens per text, not {pool.shape[1]}.");
    }
}
