using CircuitSpec.Errors;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// Texts as a transformer reads them: token ids, the attention mask (1 for a token, 0 for padding) and token types,
/// each [texts, longest], with every text's token strings so that claims can speak of tokens ("[CLS]", "##ing").
/// </summary>
public sealed record TokenBatch(IReadOnlyList<string> Texts, long[][] Ids, long[][] Mask, long[][] Types, IReadOnlyList<IReadOnlyList<string>> Tokens)
{
    public int Count => Ids.Length;

    /// <summary>The padded length (the longest text's token count).</summary>
    public int Length => Ids.Length == 0 ? 0 : Ids[0].Length;

    /// <summary>The three model inputs as int64 tensors [texts, length], by their ONNX names.</summary>
    public IReadOnlyDictionary<string, Tensor> Inputs(Device? device = null) => new Dictionary<string, Tensor>(StringComparer.Ordinal)
    {
        ["input_ids"] = Stack(Ids, device),
        ["attention_mask"] = Stack(Mask, device),
        ["token_type_ids"] = Stack(Types, device),
    };

    /// <summary>Where a token string stands in each text: a mask [texts, length] (e.g. every "[CLS]", every "mary").</summary>
    public TokenPositions PositionsOf(string token)
    {
        var rows = Tokens.Select(t => Enumerable.Range(0, Length).Select(i => i < t.Count && t[i] == token).ToArray()).ToArray();
        if (!rows.Any(r => r.Any(x => x)))
            throw new Errors.CircuitSpecException($"No text of the batch has the token '{token}'; the first text's tokens: {string.Join(" ", Tokens.FirstOrDefault() ?? [])}.");
        return new TokenPositions($"at '{token}'", rows);
    }

    /// <summary>Position <paramref name="index"/> of every text, counted from the end of its own tokens when negative (−1 = its [SEP]).</summary>
    public TokenPositions Position(int index) => new($"at position {index}", Tokens.Select(t =>
    {
        var at = index < 0 ? t.Count + index : index;
        if (at < 0 || at >= t.Count) throw new Errors.CircuitSpecException($"Position {index} is outside a text of {t.Count} tokens.");
        return Enumerable.Range(0, Length).Select(i => i == at).ToArray();
    }).ToArray());

    private static Tensor Stack(long[][] rows, Device? device) =>
        tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows.Length == 0 ? 0 : rows[0].Length], device: device);
}

/// <summary>Token positions of a batch, as a mask [texts, length] for changes limited to them.</summary>
public sealed record TokenPositions(string Label, bool[][] Rows)
{
    /// <summary>The mask shaped to broadcast over an activation whose first two dimensions are [texts, length].</summary>
    public Tensor Mask(Tensor activation)
    {
        var mask = tensor(Rows.SelectMany(r => r).ToArray(), [Rows.Length, Rows.Length == 0 ? 0 : Rows[0].Length], device: activation.device);
        if (mask.shape[0] != activation.shape[0] || mask.shape[1] != activation.shape[1])
            throw new Errors.CircuitSpecException($"Positions for [{mask.shape[0]}, {mask.shape[1]}] do not fit an activation [{string.Join(", ", activation.shape)}].");
        return mask.reshape([.. mask.shape, .. Enumerable.Repeat(1L, (int)activation.dim() - 2)]);
    }
}

/// <summary>
/// BERT's WordPiece tokenization with a model's own vocab.txt, through FastBertTokenizer: lower-casing and accent
/// stripping as the uncased models were trained, [CLS] first, [SEP] last, a batch padded to its longest text.
/// </summary>
public sealed class WordPieceTokenizer
{
    private readonly FastBertTokenizer.BertTokenizer _tokenizer = new();
    private readonly string[] _vocabulary;

    public WordPieceTokenizer(string vocabularyText, bool lowercase = true)
    {
        _vocabulary = vocabularyText.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (_vocabulary.Length < 5 || !_vocabulary.Contains("[CLS]") || !_vocabulary.Contains("[SEP]"))
            throw new CircuitSpecException("The vocabulary is not a BERT vocab.txt (one token per line, with [CLS] and [SEP]).");
        using var reader = new StringReader(vocabularyText);
        _tokenizer.LoadVocabulary(reader, lowercase);
    }

    /// <summary>The token string of an id ("[CLS]", "cat", "##s").</summary>
    public string TokenOf(long id) => id >= 0 && id < _vocabulary.Length
        ? _vocabulary[id]
        : throw new CircuitSpecException($"Token id {id} is outside the vocabulary of {_vocabulary.Length} tokens.");

    /// <summary>The id of a token string; an unknown one names the nearest tokens.</summary>
    public long IdOf(string token)
    {
        var index = Array.IndexOf(_vocabulary, token);
        return index >= 0 ? index : throw new CircuitSpecException(
            $"'{token}' is not a token of this vocabulary; near it: {string.Join(", ", CircuitSpec.Text.NearestNames.Find(token, _vocabulary).Take(5))}.");
    }

    public int VocabularySize => _vocabulary.Length;

    /// <summary>Ids of the vocabulary's plain lower-case words of three letters or more (no word pieces, no specials).</summary>
    public IReadOnlyList<long> WholeWords => _wholeWords ??= _vocabulary.Select((t, i) => (t, i))
        .Where(p => p.t.Length >= 3 && p.t.All(c => c is >= 'a' and <= 'z')).Select(p => (long)p.i).ToList();

    private IReadOnlyList<long>? _wholeWords;

    /// <summary>Token id rows (each with its [CLS] … [SEP] and token types) as one batch padded to the longest.</summary>
    public TokenBatch Batch(IReadOnlyList<(IReadOnlyList<long> Ids, IReadOnlyList<long> Types)> rows, IReadOnlyList<string> texts)
    {
        var longest = rows.Select(r => r.Ids.Count).DefaultIfEmpty(0).Max();
        long[] Pad(IEnumerable<long> row, int count) => [.. row, .. Enumerable.Repeat(0L, longest - count)];
        return new TokenBatch(
            texts,
            rows.Select(r => Pad(r.Ids, r.Ids.Count)).ToArray(),
            rows.Select(r => Pad(r.Ids.Select(_ => 1L), r.Ids.Count)).ToArray(),
            rows.Select(r => Pad(r.Types, r.Ids.Count)).ToArray(),
            rows.Select(r => (IReadOnlyList<string>)r.Ids.Select(TokenOf).ToList()).ToList());
    }

    /// <summary>Tokenizes texts into one batch padded to the longest (at most <paramref name="maximumTokens"/> each).</summary>
    public TokenBatch Encode(IReadOnlyList<string> texts, int maximumTokens = 512)
    {
        var encoded = texts.Select(t =>
        {
            var (ids, mask, types) = _tokenizer.Encode(t, maximumTokens);
            var length = mask.Span.IndexOf(0L) is var end and >= 0 ? end : mask.Length;
            return ((IReadOnlyList<long>)ids.Span[..length].ToArray(), (IReadOnlyList<long>)types.Span[..length].ToArray());
        }).ToList();
        return Batch(encoded, texts);
    }

    public TokenBatch Encode(params string[] texts) => Encode((IReadOnlyList<string>)texts);
}
