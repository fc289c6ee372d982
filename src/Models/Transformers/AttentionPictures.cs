using System.Globalization;
using CircuitSpec.Networks;
using CircuitSpec.Pictures;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>Pictures of where a head attends: its pattern on one text (queries × keys, tokens as labels) and its mean by relative position.</summary>
public static class AttentionPictures
{
    /// <summary>The head's pattern on text <paramref name="text"/> of the batch, without padding.</summary>
    public static Picture Pattern(AttentionHead head, TokenBatch batch, int text = 0, int size = 520)
    {
        using var scope = NewDisposeScope();
        using var cache = head.Model.RunWithCache(batch, new ForwardPlan { Captures = [head.PatternPoint], WantsOutput = false });
        var tokens = batch.Tokens[text];
        var n = tokens.Count;
        var flat = head.Pattern(cache)[text].to(ScalarType.Float64).cpu().data<double>().ToArray();
        var values = new double[n, n];
        for (var q = 0; q < n; q++) for (var k = 0; k < n; k++) values[q, k] = flat[q * batch.Length + k];
        return Plots.Matrix($"{head.Model.Name} {head.Label}", values, tokens, tokens, "key", "query", size, size);
    }

    /// <summary>The head's mean attention by key − query offset over a batch, from −<paramref name="reach"/> to +<paramref name="reach"/>.</summary>
    public static Picture ByOffset(AttentionHead head, TokenBatch batch, string stimuli, int reach = 8)
    {
        var profile = AttentionProfile.Measure(head, batch);
        var bars = Enumerable.Range(-reach, 2 * reach + 1).Select(o => (o.ToString("+0;-0;0", CultureInfo.InvariantCulture), profile.ByOffset.GetValueOrDefault(o))).ToList();
        return Plots.Bars($"{head.Model.Name} {head.Label}: mean attention by key − query ({stimuli})", bars, "relative position of the key", "mean attention");
    }
}
