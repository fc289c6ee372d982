using System.Globalization;
using System.Text.RegularExpressions;
using CircuitSpec.Errors;

namespace CircuitSpec.Models.Transformers;

/// <summary>One text stimulus: its tokens (with [CLS] and [SEP]) and the parameters that made it.</summary>
public sealed record TextStimulus(IReadOnlyList<long> Ids, IReadOnlyList<long> Types, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>For template stimuli: the token position of each slot's first token (its first occurrence).</summary>
    public IReadOnlyDictionary<string, int> SlotPositions { get; init; } = new Dictionary<string, int>();

    public string Describe() => string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}"));
}

/// <summary>A named set of text stimuli, as one padded batch when run.</summary>
public sealed record TextStimulusSet(string Name, IReadOnlyList<TextStimulus> Items)
{
    public TokenBatch Batch(WordPieceTokenizer tokenizer) =>
        tokenizer.Batch(Items.Select(i => (i.Ids, i.Types)).ToList(), Items.Select(i => i.Describe()).ToList());
}

/// <summary>
/// The stimuli transformer claims are made on, each carrying its parameters: repeated random-token sequences
/// (induction), templates with slots (names, objects), and sentence pairs split by [SEP].
/// </summary>
public static class TextStimuli
{
    /// <summary>
    /// <paramref name="count"/> sequences of <paramref name="length"/> random whole-word tokens, each repeated once:
    /// [CLS] t₁ … tₙ t₁ … tₙ [SEP]. A head that attends from the second tₖ to the token after the first tₖ is an
    /// induction head. Parameters: seed, index, length, and the tokens.
    /// </summary>
    public static TextStimulusSet RepeatedRandomTokens(WordPieceTokenizer tokenizer, int length, int count, int seed = 0)
    {
        if (length < 2 || count < 1) throw new CircuitSpecException($"Repeated random tokens need length ≥ 2 and count ≥ 1, got {length} and {count}.");
        var words = tokenizer.WholeWords;
        var random = new Random(seed);
        var items = Enumerable.Range(0, count).Select(index =>
        {
            var half = Enumerable.Range(0, length).Select(_ => words[random.Next(words.Count)]).ToList();
            long[] ids = [tokenizer.IdOf("[CLS]"), .. half, .. half, tokenizer.IdOf("[SEP]")];
            return new TextStimulus(ids, new long[ids.Length], new Dictionary<string, string>
            {
                ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
                ["index"] = index.ToString(CultureInfo.InvariantCulture),
                ["length"] = length.ToString(CultureInfo.InvariantCulture),
                ["tokens"] = string.Join(" ", half.Select(tokenizer.TokenOf)),
            });
        }).ToList();
        return new TextStimulusSet($"{count} repeated random-token sequences of {length} (seed {seed})", items);
    }

    /// <summary>
    /// A template's slots ({A}, {B}, …) filled with every combination of distinct values (slots never share a value),
    /// in order; at most <paramref name="limit"/>. Parameters: each slot's value.
    /// </summary>
    public static TextStimulusSet Template(WordPieceTokenizer tokenizer, string template, IReadOnlyDictionary<string, IReadOnlyList<string>> slots, int limit = 64)
    {
        var names = Regex.Matches(template, @"\{(\w+)\}").Select(m => m.Groups[1].Value).Distinct().ToList();
        var missing = names.Where(n => !slots.ContainsKey(n)).ToList();
        if (missing.Count > 0) throw new CircuitSpecException($"The template names slots {string.Join(", ", missing)} that have no values.");
        var fillings = new List<Dictionary<string, string>> { new() };
        foreach (var slot in names)
            fillings = fillings.SelectMany(f => slots[slot].Where(v => !f.ContainsValue(v)).Select(v => new Dictionary<string, string>(f) { [slot] = v })).ToList();
        var items = fillings.Take(limit).Select(f =>
        {
            var text = names.Aggregate(template, (t, n) => t.Replace("{" + n + "}", f[n]));
            var batch = tokenizer.Encode(text);
            return new TextStimulus(batch.Ids[0], batch.Types[0], new Dictionary<string, string>(f) { ["text"] = text })
            {
                SlotPositions = names.ToDictionary(n => n, n => SlotPosition(tokenizer, template, names, f, n, batch.Ids[0])),
            };
        }).ToList();
        return new TextStimulusSet($"'{template}' × {items.Count}", items);
    }

    // The slot's first token: the filled text before the slot's first occurrence, tokenized, ends where the slot begins.
    private static int SlotPosition(WordPieceTokenizer tokenizer, string template, IReadOnlyList<string> names, IReadOnlyDictionary<string, string> filling,
        string slot, IReadOnlyList<long> ids)
    {
        var prefix = template[..template.IndexOf("{" + slot + "}", StringComparison.Ordinal)];
        prefix = names.Aggregate(prefix, (t, n) => t.Replace("{" + n + "}", filling[n]));
        var position = tokenizer.Encode(prefix).Ids[0].Length - 1; // less its [SEP]
        var first = tokenizer.Encode(filling[slot]).Ids[0][1];
        return position < ids.Count && ids[position] == first ? position
            : throw new CircuitSpecException($"The template's slot {{{slot}}} ('{filling[slot]}') does not begin a token of its own in '{template}' (write it apart from its neighbours).");
    }

    /// <summary>Sentence pairs as BERT reads them: [CLS] first [SEP] second [SEP], token type 1 on the second.</summary>
    public static TextStimulusSet SentencePairs(WordPieceTokenizer tokenizer, IReadOnlyList<(string First, string Second)> pairs)
    {
        var items = pairs.Select(p =>
        {
            var first = tokenizer.Encode(p.First).Ids[0];
            var second = tokenizer.Encode(p.Second).Ids[0];
            long[] ids = [.. first, .. second[1..]];
            long[] types = [.. first.Select(_ => 0L), .. second[1..].Select(_ => 1L)];
            return new TextStimulus(ids, types, new Dictionary<string, string> { ["first"] = p.First, ["second"] = p.Second });
        }).ToList();
        return new TextStimulusSet($"{items.Count} sentence pairs", items);
    }
}
