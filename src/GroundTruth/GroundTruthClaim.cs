using CircuitSpec.Claims;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;

namespace CircuitSpec.GroundTruth;

/// <summary>Claims true of a planted vision model by construction (see <see cref="PlantedTruth{TModel,TBreak}"/>).</summary>
public static class GroundTruthClaim
{
    /// <summary>A true claim: <paramref name="claim"/> makes its record for a model.</summary>
    public static PlantedTruth<Network, WeightMutation, T> Of<T>(string sentence, Func<Network, T> claim) where T : ClaimRecord => new(sentence, claim);

    /// <summary>The claim's subject's incoming weights, mutated in each of these ways, break it.</summary>
    public static PlantedTruth<Network, WeightMutation, T> Breaks<T>(this PlantedTruth<Network, WeightMutation, T> truth, string layer, int unit,
        params MutationKind[] kinds) where T : ClaimRecord =>
        truth.Breaks([.. kinds.Select(k => new WeightMutation(layer, unit, k))]);
}
