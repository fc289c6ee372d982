using CircuitSpec.Errors;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>Where a head's attention is scored: a relative position, a token, or the induction and duplicate-token targets.</summary>
public abstract record AttentionTarget(string Description)
{
    /// <summary>The attention a query puts on this target, or null when the query has no such key.</summary>
    internal abstract double? Score(double[] row, int query, IReadOnlyList<string> tokens, TextStimulus stimulus);

    public sealed override string ToString() => Description;
}

/// <summary>The key <paramref name="Offset"/> tokens from the query (−1: the previous token).</summary>
public sealed record RelativePosition(int Offset) : AttentionTarget(Offset switch { -1 => "the previous token", 1 => "the next token", 0 => "itself", _ => $"the token at offset {Offset:+0;-0}" })
{
    internal override double? Score(double[] row, int query, IReadOnlyList<string> tokens, TextStimulus stimulus) =>
        query + Offset >= 0 && query + Offset < tokens.Count ? row[query + Offset] : null;
}

/// <summary>Every key that is the token <paramref name="Token"/> ("[SEP]", "[CLS]", ".").</summary>
public sealed record TokenTarget(string Token) : AttentionTarget($"'{Token}'")
{
    internal override double? Score(double[] row, int query, IReadOnlyList<string> tokens, TextStimulus stimulus)
    {
        var total = 0.0;
        var any = false;
        for (var k = 0; k < tokens.Count; k++)
            if (tokens[k] == Token) (total, any) = (total + row[k], true);
        return any ? total : null;
    }
}

/// <summary>
/// On a repeated random-token sequence [CLS] t₁…tₙ t₁…tₙ [SEP], from each token of the second copy to the token after
/// its first occurrence (induction, TransformerLens's score) or to its first occurrence (a duplicate-token head).
/// </summary>
public sealed record RepeatTarget(bool Induction) : AttentionTarget(Induction ? "the token after the first occurrence (induction)" : "the earlier occurrence of the same token")
{
    internal override double? Score(double[] row, int query, IReadOnlyList<string> tokens, TextStimulus stimulus)
    {
        if (!stimulus.Parameters.TryGetValue("length", out var text) || !int.TryParse(text, out var n))
            throw new CircuitSpecException($"Scoring {Description} needs repeated random-token stimuli (TextStimuli.RepeatedRandomTokens), which record their length.");
        if (query <= n || query > 2 * n) return null; // only tokens of the second copy
        var key = query - n + (Induction ? 1 : 0);
        return key < tokens.Count ? row[key] : null;
    }
}

/// <summary>
/// From the token filling one template slot to the token filling another (Clark et al.'s syntactic relations on text
/// whose syntax is known by construction: a determiner to its noun, a direct object to its verb). Each text has one
/// such query; its score is the attention it puts on the other slot's first token.
/// </summary>
public sealed record SlotTarget(string From, string To) : AttentionTarget($"from {{{From}}} to {{{To}}}")
{
    internal override double? Score(double[] row, int query, IReadOnlyList<string> tokens, TextStimulus stimulus)
    {
        if (!stimulus.SlotPositions.TryGetValue(From, out var from) || !stimulus.SlotPositions.TryGetValue(To, out var to))
            throw new CircuitSpecException($"Scoring {Description} needs template stimuli (TextStimuli.Template) with slots {{{From}}} and {{{To}}}; " +
                                           $"these have {(stimulus.SlotPositions.Count == 0 ? "none" : string.Join(", ", stimulus.SlotPositions.Keys.Select(k => "{" + k + "}")))}.");
        return query == from ? row[to] : null;
    }
}

/// <summary>How spread a query's attention is: its entropy in nats (0 = all on one key; ln n = even over n keys).</summary>
public sealed record Spread() : AttentionTarget("broadly (entropy in nats)")
{
    internal override double? Score(double[] row, int query, IReadOnlyList<string> tokens, TextStimulus stimulus) =>
        -row.Where(p => p > 0).Sum(p => p * Math.Log(p));
}

/// <summary>Every head's score for one target on a stimulus set: per text, the mean over its queries that have the target.</summary>
public sealed record HeadScoreTable(AttentionTarget Target, TextStimulusSet Stimuli, double[,][] PerText)
{
    public IReadOnlyList<double> Of(AttentionHead head) => PerText[head.Layer, head.Index];

    public double Mean(int layer, int head) => PerText[layer, head].DefaultIfEmpty(double.NaN).Average();

    /// <summary>Every head with its mean score, strongest first.</summary>
    public IReadOnlyList<(int Layer, int Head, double Score)> Ranked() =>
        Enumerable.Range(0, PerText.GetLength(0)).SelectMany(l => Enumerable.Range(0, PerText.GetLength(1)).Select(h => (l, h, Mean(l, h))))
            .OrderByDescending(s => s.Item3).ToList();

    /// <summary>Every head's scores on the stimuli, with the changes (made for the stimuli's batch) applied when given.</summary>
    public static HeadScoreTable Measure(SentenceTransformer model, TextStimulusSet stimuli, AttentionTarget target, IReadOnlyList<PointChange>? changes = null)
    {
        using var scope = NewDisposeScope();
        var batch = stimuli.Batch(model.Tokenizer);
        var points = Enumerable.Range(0, model.Blocks).Select(l => $"blocks.{l}.attn.hook_pattern").ToArray();
        using var cache = model.RunWithCache(batch, new ForwardPlan { Captures = points, Changes = changes ?? [], WantsOutput = false });
        var length = batch.Length;
        var table = new double[model.Blocks, model.Heads][];
        for (var l = 0; l < model.Blocks; l++)
        {
            var pattern = cache[points[l]].to(ScalarType.Float64).cpu().data<double>().ToArray(); // [texts, heads, query, key]
            for (var h = 0; h < model.Heads; h++)
            {
                var perText = new List<double>();
                for (var b = 0; b < batch.Count; b++)
                {
                    var tokens = batch.Tokens[b];
                    var scores = new List<double>();
                    for (var q = 0; q < tokens.Count; q++)
                    {
                        var offset = (((long)b * model.Heads + h) * length + q) * length;
                        var row = new double[tokens.Count];
                        Array.Copy(pattern, offset, row, 0, tokens.Count);
                        if (target.Score(row, q, tokens, stimuli.Items[b]) is { } s) scores.Add(s);
                    }
                    if (scores.Count > 0) perText.Add(scores.Average());
                }
                table[l, h] = perText.ToArray();
            }
        }
        return new HeadScoreTable(target, stimuli, table);
    }
}
