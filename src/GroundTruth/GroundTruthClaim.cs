using CircuitSpec.Claims;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;

namespace CircuitSpec.GroundTruth;

/// <summary>
/// A false variant of a true claim, derived from its record by one mutation ("sign flipped", "wrong source", …): it must
/// fail. <see cref="On"/> makes it for a model; its sentence is the record's.
/// </summary>
public sealed record ClaimMutant(string Kind, Func<Network, ClaimRecord> On)
{
    /// <summary>Checks it as a spec would: a failure of the test framework, with the evidence, unless it holds.</summary>
    public void Check(Network model) => Conclusion.Reach(model, On(model).Evaluate(), "", []);
}

/// <summary>
/// A claim that is true of a planted model by construction — a claim record made for whichever model it is checked on —
/// with the false variants derived from that record and the weight mutations that break what it states (on a model so
/// broken, the unchanged claim must fail). Made by <see cref="Of{T}"/>.
/// </summary>
public abstract class GroundTruthClaim
{
    private protected readonly List<ClaimMutant> MutantList = [];
    private protected readonly List<WeightMutation> BreakList = [];

    private protected GroundTruthClaim(string sentence) => Sentence = sentence;

    /// <summary>The claim in the words of the model's design (the specs' display name); the verdict's sentence is its record's.</summary>
    public string Sentence { get; }

    public IReadOnlyList<ClaimMutant> Mutants => MutantList;
    public IReadOnlyList<WeightMutation> BrokenBy => BreakList;

    /// <summary>The claim's record for <paramref name="model"/>.</summary>
    public abstract ClaimRecord On(Network model);

    /// <summary>Checks it as a spec does: a failure of the test framework, with the evidence, unless it holds.</summary>
    public void Check(Network model) => Conclusion.Reach(model, On(model).Evaluate(), "", []);

    /// <summary>A true claim: <paramref name="claim"/> makes its record for a model.</summary>
    public static GroundTruthClaim<T> Of<T>(string sentence, Func<Network, T> claim) where T : ClaimRecord => new(sentence, claim);

    public override string ToString() => Sentence;
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
        MutantList.Add(new ClaimMutant(kind, model => derive(_claim(model), model)));
        return this;
    }

    /// <summary>The claim's subject's incoming weights, mutated in each of these ways, break it.</summary>
    public GroundTruthClaim<T> Breaks(string layer, int unit, params MutationKind[] kinds)
    {
        BreakList.AddRange(kinds.Select(k => new WeightMutation(layer, unit, k)));
        return this;
    }
}
