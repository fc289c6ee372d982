using static TorchSharp.torch;

namespace CircuitSpec.Models.Planted;

/// <summary>How a mutation breaks one unit's incoming kernel.</summary>
public enum MutationKind
{
    /// <summary>Every incoming weight's sign flipped.</summary>
    Negated,
    /// <summary>Every incoming weight set to zero (the bias stays).</summary>
    Zeroed,
    /// <summary>The kernels moved to other source units: edges by half a turn, colours and curves rotated.</summary>
    SourcesPermuted,
    /// <summary>The kernel turned upside down (top and bottom rows swapped).</summary>
    Flipped,
    /// <summary>One incoming weight (from the first source, kernel centre) set to NaN, as a diverged training run leaves it.</summary>
    NotANumber,
    /// <summary>One incoming weight (from the first source, kernel centre) set to +∞.</summary>
    Infinite,
}

/// <summary>A broken copy of a planted model: one unit's incoming weights mutated, every other weight unchanged.</summary>
public sealed record WeightMutation(string Layer, int Unit, MutationKind Kind)
{
    internal void Apply(PlantedWeights weights) => ApplyTo(weights.Kernel(Layer), "planted circuit", SourcePermutation);

    /// <summary>
    /// Mutates the unit's kernel in <paramref name="kernel"/> (output channel first) in place. For
    /// <see cref="MutationKind.SourcesPermuted"/>, <paramref name="sourcePermutation"/> names, for each source channel,
    /// the source whose kernel it takes (by default each takes the next one's).
    /// </summary>
    public void ApplyTo(Tensor kernel, string model, Func<long, long[]>? sourcePermutation = null)
    {
        if (Unit < 0 || Unit >= kernel.shape[0])
            throw new Errors.ChannelOutOfRangeException(model, Layer, Unit, kernel.shape[0]);
        using var scope = NewDisposeScope();
        var unit = kernel[Unit];
        var permutation = sourcePermutation ?? (sources => [.. Enumerable.Range(0, (int)sources).Select(s => (long)((s + 1) % sources))]);
        var mutated = Kind switch
        {
            MutationKind.Negated => -unit,
            MutationKind.Zeroed => zeros_like(unit),
            MutationKind.SourcesPermuted => unit.index_select(0, tensor(permutation(unit.shape[0]))),
            MutationKind.NotANumber or MutationKind.Infinite => OneWeight(unit, Kind == MutationKind.NotANumber ? float.NaN : float.PositiveInfinity),
            _ => unit.flip(1),
        };
        kernel[Unit] = mutated;
    }

    private static Tensor OneWeight(Tensor unit, float value)
    {
        var copy = unit.clone();
        copy[0, unit.shape[1] / 2, unit.shape[2] / 2] = tensor(value);
        return copy;
    }

    /// <summary>The planted circuit's sources, permuted within each group: source channel s takes the kernel of source [s].</summary>
    private static long[] SourcePermutation(long sources) => sources switch
    {
        // Edge detectors by half a turn (the opposite direction); red → green → blue → red.
        15 => [.. Enumerable.Range(0, 12).Select(k => (long)((k + 6) % 12)), 13, 14, 12],
        // Curve detectors by half a turn; the AND and polysemantic units swap.
        10 => [.. Enumerable.Range(0, 8).Select(j => (long)((j + 4) % 8)), 9, 8],
        _ => [.. Enumerable.Range(0, (int)sources).Select(s => (long)((s + 1) % sources))],
    };

    /// <summary>"weights negated", "sources permuted", …</summary>
    public string Description => Kind switch
    {
        MutationKind.Negated => "weights negated",
        MutationKind.Zeroed => "weights zeroed",
        MutationKind.SourcesPermuted => "sources permuted",
        MutationKind.NotANumber => "one weight NaN",
        MutationKind.Infinite => "one weight infinite",
        _ => "kernel flipped",
    };

    public override string ToString() => $"{Layer}:{Unit} {Description}";
}
