using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;

namespace CircuitSpec.GroundTruth;

/// <summary>A false variant of a true claim, made by one mutation ("sign flipped", "wrong source", …): it must fail.</summary>
public sealed record ClaimMutant(string Kind, string Sentence, Action<Network> Check)
{
    public override string ToString() => $"{Kind}: {Sentence}";
}

/// <summary>
/// A claim that is true of the planted circuit by construction, with the false variants made from it and the weight
/// mutations that break what it states (on a model so broken, the unchanged claim must fail).
/// </summary>
public sealed class GroundTruthClaim(string sentence, Action<Network> check)
{
    private readonly List<ClaimMutant> _mutants = [];
    private readonly List<WeightMutation> _breaks = [];

    public string Sentence { get; } = sentence;
    public Action<Network> Check { get; } = check;
    public IReadOnlyList<ClaimMutant> Mutants => _mutants;
    public IReadOnlyList<WeightMutation> BrokenBy => _breaks;

    public GroundTruthClaim Mutant(string kind, string sentence, Action<Network> check)
    {
        _mutants.Add(new ClaimMutant(kind, sentence, check));
        return this;
    }

    /// <summary>The claim's subject's incoming weights, mutated in each of these ways, break it.</summary>
    public GroundTruthClaim Breaks(string layer, int unit, params MutationKind[] kinds)
    {
        _breaks.AddRange(kinds.Select(k => new WeightMutation(layer, unit, k)));
        return this;
    }

    public override string ToString() => Sentence;
}
