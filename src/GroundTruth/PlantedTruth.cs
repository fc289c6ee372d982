using CircuitSpec.Claims;

namespace CircuitSpec.GroundTruth;

/// <summary>
/// A false variant of a true claim, derived from its record by one mutation ("sign flipped", "wrong head", …): it must
/// fail. <see cref="On"/> makes it for a model; its sentence is the record's.
/// </summary>
public sealed record ClaimMutant<TModel>(string Kind, Func<TModel, ClaimRecord> On)
{
    /// <summary>Checks it as a spec would: a failure of the test framework, with the evidence, unless it holds.</summary>
    public void Check(TModel model) => Conclusion.Reach(model, On(model), "", []);
}

/// <summary>
/// A claim that is true of a planted model by construction — a claim record made for whichever copy of the model it
/// is checked on — with the false variants derived from that record, and the breaks of the model (<typeparamref name="TBreak"/>)
/// on which the unchanged claim must fail. Made by <see cref="GroundTruthClaim.Of{T}"/> (vision models) or
/// <see cref="TransformerGroundTruth.Of{T}"/>.
/// </summary>
public abstract class PlantedTruth<TModel, TBreak>
{
    private readonly List<ClaimMutant<TModel>> _mutants = [];
    private readonly List<TBreak> _breaks = [];

    internal PlantedTruth(string sentence) => Sentence = sentence;

    /// <summary>The claim in the words of the model's design (the specs' display name); the verdict's sentence is its record's.</summary>
    public string Sentence { get; }

    public IReadOnlyList<ClaimMutant<TModel>> Mutants => _mutants;
    public IReadOnlyList<TBreak> BrokenBy => _breaks;

    /// <summary>The claim's record for <paramref name="model"/>.</summary>
    public abstract ClaimRecord On(TModel model);

    /// <summary>Checks it as a spec does: a failure of the test framework, with the evidence, unless it holds.</summary>
    public void Check(TModel model) => Conclusion.Reach(model, On(model), "", []);

    internal void AddMutant(string kind, Func<TModel, ClaimRecord> on) => _mutants.Add(new ClaimMutant<TModel>(kind, on));

    internal void AddBreaks(IEnumerable<TBreak> breaks) => _breaks.AddRange(breaks);

    public override string ToString() => Sentence;
}

/// <summary>A true claim whose record is a <typeparamref name="TClaim"/>: mutants are derived from it with <c>with</c>.</summary>
public sealed class PlantedTruth<TModel, TBreak, TClaim> : PlantedTruth<TModel, TBreak> where TClaim : ClaimRecord
{
    private readonly Func<TModel, TClaim> _claim;

    internal PlantedTruth(string sentence, Func<TModel, TClaim> claim) : base(sentence) => _claim = claim;

    public override ClaimRecord On(TModel model) => _claim(model);

    /// <summary>A false variant: <paramref name="derive"/> changes the true record (<c>c =&gt; c with { Value = … }</c>).</summary>
    public PlantedTruth<TModel, TBreak, TClaim> Mutant(string kind, Func<TClaim, ClaimRecord> derive) => Mutant(kind, (claim, _) => derive(claim));

    /// <summary>A false variant that needs the model to name what it changes (another unit, head or circuit).</summary>
    public PlantedTruth<TModel, TBreak, TClaim> Mutant(string kind, Func<TClaim, TModel, ClaimRecord> derive)
    {
        AddMutant(kind, model => derive(_claim(model), model));
        return this;
    }

    /// <summary>The model, broken in each of these ways, must make the unchanged claim fail.</summary>
    public PlantedTruth<TModel, TBreak, TClaim> Breaks(params TBreak[] breaks)
    {
        AddBreaks(breaks);
        return this;
    }
}
