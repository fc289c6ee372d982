using CircuitSpec.Models.Transformers;

namespace CircuitSpec.Specs.Transformers;

/// <summary>
/// The texts the transformer specs are measured on. Clark et al. (2019) measured syntax on parsed text; these templates
/// have their syntax by construction: each slot is one word whose role in the sentence is known.
/// </summary>
public static class TextSets
{
    private static readonly string[] Names = ["mary", "john", "alice", "bob", "susan", "peter"];

    private static Dictionary<string, IReadOnlyList<string>> Slots(params (string Slot, string[] Values)[] slots) =>
        slots.ToDictionary(s => s.Slot, s => (IReadOnlyList<string>)s.Values);

    /// <summary>A set by the name the specs' theory rows use ("sentences", "pairs", "determiners", …).</summary>
    public static TextStimulusSet Named(string name, SentenceTransformer model) => name switch
    {
        "sentences" => Sentences(model),
        "pairs" => Pairs(model),
        "determiners" => Determiners(model),
        "direct objects" => DirectObjects(model),
        "coreference" => Coreference(model),
        "repeated" => Repeated(model),
        _ => throw new ArgumentException($"No text set '{name}'.", nameof(name)),
    };

    /// <summary>The IOI sentence (Wang et al. 2022) with six names, 30 fillings.</summary>
    public static TextStimulusSet Sentences(SentenceTransformer model) =>
        TextStimuli.Template(model.Tokenizer, "When {A} and {B} went to the store, {B} gave a drink to {A}.", Slots(("A", Names), ("B", Names)), limit: 30);

    /// <summary>Eight sentence pairs as BERT reads them ([CLS] first [SEP] second [SEP]).</summary>
    public static TextStimulusSet Pairs(SentenceTransformer model) => TextStimuli.SentencePairs(model.Tokenizer,
    [
        ("the cat sat on the mat.", "it was very happy there."), ("we went to the park today.", "the weather was sunny and warm."),
        ("she plays the piano well.", "her brother prefers the guitar."), ("the train left early.", "many people missed it."),
        ("he bought a new car.", "it is red and fast."), ("the museum opens at nine.", "tickets are sold at the door."),
        ("my friend lives in paris.", "she works at a bank."), ("the soup is too hot.", "wait a few minutes, please."),
    ]);

    /// <summary>A determiner, an adjective, then its noun (the determiner's head).</summary>
    public static TextStimulusSet Determiners(SentenceTransformer model) =>
        TextStimuli.Template(model.Tokenizer, "yesterday she saw {DET} {ADJ} {NOUN} near the old house .",
            Slots(("DET", ["the", "a", "this", "that"]), ("ADJ", ["big", "small", "red", "quiet"]), ("NOUN", ["dog", "car", "tree", "bird", "boat"])), limit: 40);

    /// <summary>A transitive verb and its direct object, with a determiner between them.</summary>
    public static TextStimulusSet DirectObjects(SentenceTransformer model) =>
        TextStimuli.Template(model.Tokenizer, "yesterday the boy {VERB} the {OBJ} in the garden .",
            Slots(("VERB", ["found", "painted", "washed", "kicked", "dropped"]), ("OBJ", ["ball", "chair", "bucket", "bottle", "box", "cat"])), limit: 30);

    /// <summary>A preposition and its object, with a determiner between them.</summary>
    public static TextStimulusSet PrepositionObjects(SentenceTransformer model) =>
        TextStimuli.Template(model.Tokenizer, "the old man sat {PREP} the {POBJ} all afternoon .",
            Slots(("PREP", ["near", "under", "behind", "beside", "on"]), ("POBJ", ["bench", "tree", "wall", "table", "bridge", "window"])), limit: 30);

    /// <summary>A possessive pronoun and the noun it modifies.</summary>
    public static TextStimulusSet Possessives(SentenceTransformer model) =>
        TextStimuli.Template(model.Tokenizer, "after lunch {NAME} cleaned {POSS} {NOUN} very carefully .",
            Slots(("NAME", Names), ("POSS", ["his", "her", "their", "my"]), ("NOUN", ["room", "kitchen", "bike", "shoes", "desk"])), limit: 40);

    /// <summary>A passive auxiliary and its participle.</summary>
    public static TextStimulusSet PassiveAuxiliaries(SentenceTransformer model) =>
        TextStimuli.Template(model.Tokenizer, "the letter {AUX} {VERB} by the old teacher .",
            Slots(("AUX", ["was", "is", "will be", "had been"]), ("VERB", ["written", "signed", "sent", "read", "opened"])), limit: 40);

    /// <summary>A subject noun right before its verb.</summary>
    public static TextStimulusSet Subjects(SentenceTransformer model) =>
        TextStimuli.Template(model.Tokenizer, "in the morning the {SUBJ} {VERB} loudly outside .",
            Slots(("SUBJ", ["dog", "baby", "bird", "crowd", "engine", "man"]), ("VERB", ["barked", "cried", "sang", "shouted", "roared"])), limit: 30);

    /// <summary>A pronoun and the name it refers to, three words before it.</summary>
    public static TextStimulusSet Coreference(SentenceTransformer model) =>
        TextStimuli.Template(model.Tokenizer, "{NAME} said that {PRON} would come back tomorrow .", Slots(("NAME", Names), ("PRON", ["he", "she"])), limit: 12);

    /// <summary>16 sequences of 12 random whole words, each repeated once (seed 0).</summary>
    public static TextStimulusSet Repeated(SentenceTransformer model) => TextStimuli.RepeatedRandomTokens(model.Tokenizer, length: 12, count: 16, seed: 0);
}
