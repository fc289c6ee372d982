using CircuitSpec.Errors;
using CircuitSpec.Measurements;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// Heads of another model matched to one head by their attention patterns on the same texts (universality): the
/// Pearson correlation of the two patterns over every real query–key pair of every text. The baseline is the same
/// correlation with the best match's pattern shuffled across keys within each query row (seeded draws).
/// </summary>
public sealed record HeadAnalogues(AttentionHead Head, IReadOnlyList<(AttentionHead Head, double Correlation)> Ranked, IReadOnlyList<double> ShuffledBaseline)
{
    public (AttentionHead Head, double Correlation) Best => Ranked[0];

    public static HeadAnalogues Measure(AttentionHead head, SentenceTransformer other, TextStimulusSet stimuli, int shuffles = 20, int seed = 0)
    {
        var own = stimuli.Batch(head.Model.Tokenizer);
        var theirs = stimuli.Batch(other.Tokenizer);
        for (var b = 0; b < own.Count; b++)
            if (!own.Tokens[b].SequenceEqual(theirs.Tokens[b]))
                throw new CircuitSpecException($"'{head.Model.Name}' and '{other.Name}' tokenize text {b} of {stimuli.Name} differently " +
                                               $"({string.Join(" ", own.Tokens[b])} / {string.Join(" ", theirs.Tokens[b])}); patterns can be compared only on the same tokens.");
        var subject = Patterns(head.Model, own)[head.Layer][head.Index];
        var patterns = Patterns(other, theirs);
        var ranked = patterns.SelectMany((block, l) => block.Select((p, h) => (Head: other.Head(l, h), Correlation: Statistics.Correlation(subject, p))))
            .Where(m => double.IsFinite(m.Correlation)).OrderByDescending(m => m.Correlation).ToList();
        if (ranked.Count == 0) throw new CircuitSpecException($"No head of '{other.Name}' has a pattern that varies on {stimuli.Name}.");
        var best = patterns[ranked[0].Head.Layer][ranked[0].Head.Index];
        var random = new Random(seed);
        var baseline = Enumerable.Range(0, shuffles).Select(_ => Statistics.Correlation(subject, ShuffledRows(best, own, random))).ToList();
        return new HeadAnalogues(head, ranked, baseline);
    }

    // Every head's pattern over every real query–key pair, text by text, from one pass: [block][head][pair].
    private static double[][][] Patterns(SentenceTransformer model, TokenBatch batch)
    {
        using var scope = NewDisposeScope();
        var points = Enumerable.Range(0, model.Blocks).Select(l => $"blocks.{l}.attn.hook_pattern").ToArray();
        using var cache = model.RunWithCache(batch, new ForwardPlan { Captures = points, WantsOutput = false });
        return points.Select(point =>
        {
            var values = cache[point].to(float64).cpu().data<double>().ToArray(); // [texts, heads, query, key]
            var (heads, length) = ((int)cache[point].shape[1], batch.Length);
            return Enumerable.Range(0, heads).Select(h =>
            {
                var pairs = new List<double>();
                for (var b = 0; b < batch.Count; b++)
                for (var q = 0; q < batch.Tokens[b].Count; q++)
                for (var k = 0; k < batch.Tokens[b].Count; k++)
                    pairs.Add(values[(((long)b * heads + h) * length + q) * length + k]);
                return pairs.ToArray();
            }).ToArray();
        }).ToArray();
    }

    private static double[] ShuffledRows(double[] pattern, TokenBatch batch, Random random)
    {
        var shuffled = (double[])pattern.Clone();
        var offset = 0;
        foreach (var tokens in batch.Tokens)
            for (var q = 0; q < tokens.Count; q++, offset += tokens.Count)
                random.Shuffle(shuffled.AsSpan(offset, tokens.Count));
        return shuffled;
    }
}
