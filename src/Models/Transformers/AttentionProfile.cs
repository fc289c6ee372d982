using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// Where a head attends on a batch of texts, averaged over every real (unpadded) query token: by relative position
/// (key − query), and to the special tokens. <see cref="ByOffset"/> sums to one over all offsets.
/// </summary>
public sealed record AttentionProfile(AttentionHead Head, int Queries, IReadOnlyDictionary<int, double> ByOffset, double ToCls, double ToSep, double ToSelf)
{
    /// <summary>The head's pattern on <paramref name="batch"/>, summarized.</summary>
    public static AttentionProfile Measure(AttentionHead head, TokenBatch batch)
    {
        using var scope = NewDisposeScope();
        using var cache = head.Model.RunWithCache(batch, new ForwardPlan { Captures = [head.PatternPoint], WantsOutput = false });
        var pattern = head.Pattern(cache).to(ScalarType.Float64).cpu();
        var values = pattern.data<double>().ToArray();
        var (texts, length) = (batch.Count, batch.Length);
        var byOffset = new Dictionary<int, double>();
        double cls = 0, sep = 0, self = 0;
        var queries = 0;
        for (var b = 0; b < texts; b++)
        {
            var tokens = batch.Tokens[b];
            for (var q = 0; q < tokens.Count; q++)
            {
                queries++;
                for (var k = 0; k < tokens.Count; k++)
                {
                    var a = values[((long)b * length + q) * length + k];
                    byOffset[k - q] = byOffset.GetValueOrDefault(k - q) + a;
                    if (tokens[k] == "[CLS]") cls += a;
                    if (tokens[k] == "[SEP]") sep += a;
                    if (k == q) self += a;
                }
            }
        }
        return new AttentionProfile(head, queries, byOffset.OrderBy(o => o.Key).ToDictionary(o => o.Key, o => o.Value / queries), cls / queries, sep / queries, self / queries);
    }

    /// <summary>The offset that gets the most attention on average (0 = itself, −1 = the previous token).</summary>
    public int StrongestOffset => ByOffset.MaxBy(o => o.Value).Key;

    public override string ToString() =>
        $"{Head}: over {Queries} query tokens, most attention at offset {StrongestOffset:+0;-0;0} ({ByOffset[StrongestOffset]:P1}); " +
        $"to [CLS] {ToCls:P1}, to [SEP] {ToSep:P1}, to itself {ToSelf:P1}";
}
