using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Interventions;

/// <summary>What an intervention puts in place of the selected values [N, k, …].</summary>
internal abstract class Replacement : IDisposable
{
    public abstract Tensor Replace(Tensor selected);

    public virtual void Dispose() { }
}

internal sealed class ConstantReplacement(double value) : Replacement
{
    public override Tensor Replace(Tensor selected) => selected.FilledLike(value);
}

internal sealed class ScaleReplacement(double factor) : Replacement
{
    public override Tensor Replace(Tensor selected) => selected.Times(factor);
}

/// <summary>Values computed beforehand (a mean over reference stimuli): [1, k, …], broadcast over the batch.</summary>
internal sealed class StoredReplacement(Tensor values) : Replacement
{
    public override Tensor Replace(Tensor selected) => values.to(selected.device).expand_as(selected);

    public override void Dispose() => values.Dispose();
}

/// <summary>Another run's values for the same examples: [N, k, …] (activation patching).</summary>
internal sealed class PatchReplacement(Tensor values, string source) : Replacement
{
    public override Tensor Replace(Tensor selected)
    {
        if (!values.shape.SequenceEqual(selected.shape))
            throw new Errors.CircuitSpecException(
                $"Cannot patch from {source}: it holds [{string.Join(", ", values.shape)}], this run needs [{string.Join(", ", selected.shape)}] (same batch and input size).");
        return values.to(selected.device);
    }

    public override void Dispose() => values.Dispose();
}

/// <summary>
/// Values from other inputs, drawn at random per example (causal scrubbing's resampling ablation): each example gets
/// the values of a source example chosen with a seeded generator, so runs repeat exactly — and every run of the same
/// intervention draws the same sources (the generator starts from the seed each time, not where the last run left it).
/// </summary>
internal sealed class ResampleReplacement(Tensor pool, int seed) : Replacement
{
    public override Tensor Replace(Tensor selected)
    {
        var random = new Random(seed);
        var picks = Enumerable.Range(0, (int)selected.shape[0]).Select(_ => (long)random.Next((int)pool.shape[0])).ToArray();
        var drawn = pool.index_select(0, tensor(picks, device: pool.device)).to(selected.device);
        if (!drawn.shape.Skip(1).SequenceEqual(selected.shape.Skip(1)))
            throw new Errors.CircuitSpecException(
                $"Resampling source has per-example shape [{string.Join(", ", pool.shape.Skip(1))}], this run needs [{string.Join(", ", selected.shape.Skip(1))}] (same input size).");
        return drawn;
    }

    public override void Dispose() => pool.Dispose();
}
