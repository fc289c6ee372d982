using CircuitSpec.Claims;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;

namespace CircuitSpec.GroundTruth;

/// <summary>A claim true of a planted vision model by construction (see <see cref="PlantedTruth{TModel,TBreak}"/>), made by <see cref="Of{T}"/>.</summary>
public abstract class GroundTruthClaim : PlantedTruth<Network, WeightMutation>
{
    private protected GroundTruthClaim(string sentence) : base(sentence)
    {
    }

    /// <summary>A true claim: <paramref name="claim"/> makes its record for a model.</summary>
    public static GroundTruthClaim<T> Of<T>(string sentence, Func<Network, T> claim) where T : ClaimRecord => new(sentence, claim);
}

/// <summary>A true claim whose record is a <typeparamref name="T"/>: mutants are derived from it with <c>with</c>.</summary>
public sealed class GroundTruthClaim<T> : GroundTruthClaim where T : ClaimRecord
{
    private readonly Func<Network, T> _claim;

    internal GroundTruthClaim(string sentence, Func<Network, T> claim) : base(sentence) => _claim = claim;

    public override ClaimRecord On(Network model) => _claim(model);

    /// <summary>A false variant: <paramref name="derive"/> changes the true record (<c>c =&gt; c with { Value = … }</c>).</summary>
    public GroundTruthClaim<T> Mutant(string kind, Func<T, ClaimRecord> derive) => Mutant(kind, (claim, _) => derive(claim));

    /// <summary>A false variant that needs the model to name what it changes (another unit, another circuit).</summary>
    public GroundTruthClaim<T> Mutant(string kind, Func<T, Network, ClaimRecord> derive)
    {
        AddMutant(kind, model => derive(_claim(model), model));
        return this;
    }

    /// <summary>The claim's subject's incoming weights, mutated in each of these ways, break it.</summary>
    public GroundTruthClaim<T> Breaks(string layer, int unit, params MutationKind[] kinds)
    {
        AddBreaks(kinds.Select(k => new WeightMutation(layer, unit, k)));
        return this;
    }
}
