using CircuitSpec.Claims;

namespace CircuitSpec.GroundTruth;

/// <summary>
/// A false variant of a true claim, derived from its record by one mutation ("sign flipped", "wrong head", …): it must
/// fail. <see cref="On"/> makes it for a model; its sentence is the record's.
/// </summary>
public sealed record ClaimMutant<TModel>(string Kind, Func<TModel, ClaimRecord> On)
{
    /// <summary>Checks it as a spec would: a failure of the test framework, with the evidence, unless it holds.</summary>
    public void Check(TModel model) => Conclusion.Reach(model, On(model).Evaluate(), "", []);
}

/// <summary>
/// A claim that is true of a planted model by construction — a claim record made for whichever copy of the model it
/// is checked on — with the false variants derived from that record, and the breaks of the model (<typeparamref name="TBreak"/>)
/// on which the unchanged claim must fail.
/// </summary>
public abstract class PlantedTruth<TModel, TBreak>
{
    private readonly List<ClaimMutant<TModel>> _mutants = [];
    private readonly List<TBreak> _breaks = [];

    private protected PlantedTruth(string sentence) => Sentence = sentence;

    /// <summary>The claim in the words of the model's design (the specs' display name); the verdict's sentence is its record's.</summary>
    public string Sentence { get; }

    public IReadOnlyList<ClaimMutant<TModel>> Mutants => _mutants;
    public IReadOnlyList<TBreak> BrokenBy => _breaks;

    /// <summary>The claim's record for <paramref name="model"/>.</summary>
    public abstract ClaimRecord On(TModel model);

    /// <summary>Checks it as a spec does: a failure of the test framework, with the evidence, unless it holds.</summary>
    public void Check(TModel model) => Conclusion.Reach(model, On(model).Evaluate(), "", []);

    private protected void AddMutant(string kind, Func<TModel, ClaimRecord> on) => _mutants.Add(new ClaimMutant<TModel>(kind, on));

    private protected void AddBreaks(IEnumerable<TBreak> breaks) => _breaks.AddRange(breaks);

    public override string ToString() => Sentence;
}
