using CircuitSpec.Errors;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>
/// Whether a head's OV circuit copies tokens (Elhage et al. 2021): each token's embedding e, read through W_V·W_O, is
/// compared with every token's embedding by dot product; the head copies the token when its own embedding scores
/// highest, by a margin that float rounding cannot make (ties are not copies).
/// </summary>
public sealed record TokenCopying(AttentionHead Head, int Tokens, int Copied, IReadOnlyList<string> Examples)
{
    /// <summary>Relative margin by which a token's own score must beat the best other one (of the row's largest magnitude).</summary>
    public const double Margin = 1e-4;

    public double Share => (double)Copied / Tokens;

    /// <summary>The head's copying share over up to <paramref name="sample"/> whole-word tokens drawn with <paramref name="seed"/>.</summary>
    public static TokenCopying Measure(AttentionHead head, int sample = 1000, int seed = 0) =>
        Measure(head, head.OV(), sample, seed);

    /// <summary>The same for any [d_model, d_model] matrix standing in for the head's OV circuit (a random baseline).</summary>
    public static TokenCopying Measure(AttentionHead head, Tensor ov, int sample, int seed)
    {
        using var scope = NewDisposeScope();
        var model = head.Model;
        var words = model.Tokenizer.WholeWords;
        if (words.Count < 2) throw new CircuitSpecException($"Model '{model.Name}' has fewer than two whole-word tokens to test copying on.");
        var ids = words.Count <= sample ? words.ToArray() : words.ToArray().Shuffled(seed).Take(sample).ToArray();
        var embeddings = model.TokenEmbeddings().index_select(0, tensor(ids)).to(float64);
        var scores = embeddings.matmul(ov.to(float64)).matmul(embeddings.t()); // [token read, token compared]
        var own = scores.diagonal();
        var others = scores - diag(own.FilledLike(double.PositiveInfinity));
        var margin = scores.abs().amax(1).Times(Margin);
        var copied = (own > others.amax(1).Plus(margin)).cpu().data<bool>().ToArray();
        var examples = ids.Zip(copied).Where(p => p.Second).Take(5).Select(p => model.Tokenizer.TokenOf(p.First)).ToList();
        return new TokenCopying(head, ids.Length, copied.Count(c => c), examples);
    }
}

internal static class SeededShuffle
{
    public static T[] Shuffled<T>(this T[] items, int seed)
    {
        var copy = (T[])items.Clone();
        new Random(seed).Shuffle(copy);
        return copy;
    }
}
