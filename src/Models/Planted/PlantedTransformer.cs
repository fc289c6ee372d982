using CircuitSpec.Errors;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Models.Transformers;
using CircuitSpec.Runtime;
using static CircuitSpec.Models.Onnx.OnnxWriter;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Planted;

/// <summary>
/// A two-block BERT-style encoder whose attention heads are set by hand, written as an ONNX file with a vocab.txt and
/// loaded as a user's model is (<see cref="SentenceTransformer.Load(byte[], string, string, Pooling, string)"/>). Its
/// MLPs are zero, so it is attention-only. The residual stream (d_model 160) holds three subspaces, each vector in
/// them centred so that the layer norms only rescale: the token (64 one-hot directions), the position (32), and the
/// previous token (64, written by the previous-token head). Heads (4 per block, d_head 96):
/// <list type="bullet">
/// <item>blocks.0.attn:0 — previous-token head: positional QK (query i finds key i − 1); its OV writes the attended
/// token into the previous-token subspace.</item>
/// <item>blocks.0.attn:1 — duplicate-token head: token QK (same token), minus its own position; OV zero.</item>
/// <item>blocks.0.attn:2 — marker head: every query attends to the '.' tokens (a query bias against the key's '.'
/// direction); OV zero.</item>
/// <item>blocks.0.attn:3 — a head that does nothing useful: QK and OV zero (uniform attention, no write).</item>
/// <item>blocks.1.attn:0 — induction head: its key reads the previous-token subspace (K-composition with
/// blocks.0.attn:0), its query the current token, minus the key right after the query (whose previous token is the query
/// itself); its OV copies the attended token into the token subspace.</item>
/// <item>blocks.1.attn:1–3 — zero, like blocks.0.attn:3.</item>
/// </list>
/// </summary>
public static class PlantedTransformer
{
    public const int TokenSlots = 64, Positions = 32, DModel = 2 * TokenSlots + Positions, Heads = 4, DHead = TokenSlots + Positions, DMlp = 4;
    public const int PreviousToken = 0, DuplicateToken = 1, Marker = 2, Idle = 3, Induction = 0;
    public const string MarkerToken = ".";

    /// <summary>How strongly a matched query and key attend (the scaled score of a match is about Gain² / √d_head).</summary>
    private const float Gain = 20;

    private static readonly string[] Special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", MarkerToken];

    /// <summary>The vocabulary's words (every one a whole-word token of its own).</summary>
    public static readonly IReadOnlyList<string> Words =
    [
        "apple", "river", "stone", "cloud", "tiger", "lamp", "piano", "garden", "violin", "orange", "window", "candle",
        "forest", "mirror", "rocket", "ticket", "button", "pencil", "silver", "bridge", "anchor", "basket", "castle", "dragon",
        "eagle", "feather", "glass", "hammer", "island", "jacket", "kettle", "ladder", "magnet", "needle", "ocean", "pepper",
        "quartz", "rabbit", "saddle", "tunnel", "umbrella", "valley", "wagon", "yellow", "zebra", "barrel", "cactus", "dinner",
        "engine", "falcon", "guitar", "harbor", "insect", "jungle", "kitten", "lemon", "marble", "nickel",
    ];

    /// <summary>The vocab.txt: the special tokens, '.', then <see cref="Words"/> (64 tokens).</summary>
    public static string Vocabulary => string.Join("\n", Special.Concat(Words));

    /// <summary>The planted model, intact (null) or with one of its circuits broken.</summary>
    public static SentenceTransformer Build(TransformerBreak? broken = null)
    {
        var name = broken is null ? "planted transformer" : $"planted transformer ({broken.Description})";
        return SentenceTransformer.Load(Onnx(broken), Vocabulary, name, Pooling.Mean, name + ".onnx");
    }

    /// <summary>The ONNX file's bytes (as <c>circuitspec</c> or a user would read them from disk).</summary>
    public static byte[] Onnx(TransformerBreak? broken = null)
    {
        using var scope = NewDisposeScope();
        var weights = Weights();
        broken?.Apply(weights);
        var file = new OnnxWriter("planted transformer").Int64Input("input_ids", "batch", "sequence").Int64Input("attention_mask", "batch", "sequence");
        foreach (var (name, value) in weights) file.Initializer(name, value);
        file.Initializer("one", tensor(1f)).Initializer("two", tensor(2f)).Initializer("masked", tensor(-10000f))
            .Initializer("epsilon", tensor(1e-12f)).Initializer("sqrt_d_head", tensor(MathF.Sqrt(DHead)))
            .Int64Initializer("zero_index", 0).Int64Initializer("one_index", 1).Int64Initializer("two_index", 2)
            .Int64Initializer("head_shape", 0, 0, Heads, DHead).Int64Initializer("merged_shape", 0, 0, Heads * DHead).Int64Initializer("mask_axes", 1, 2)
            .Node("Gather", ["embeddings.word", "input_ids"], "token_embeddings")
            .Node("Shape", ["input_ids"], "ids_shape")
            .Node("Slice", ["ids_shape", "one_index", "two_index", "zero_index"], "sequence_length")
            .Node("Slice", ["embeddings.position", "zero_index", "sequence_length", "zero_index"], "position_embeddings")
            .Node("Add", ["token_embeddings", "position_embeddings"], "embeddings_sum")
            .Node("Unsqueeze", ["attention_mask", "mask_axes"], "mask_4d")
            .Node("Cast", ["mask_4d"], "mask_float", Int("to", 1))
            .Node("Sub", ["one", "mask_float"], "mask_inverted")
            .Node("Mul", ["mask_inverted", "masked"], "mask_add");
        var x = LayerNorm(file, "embeddings_sum", "embeddings.norm");
        for (var l = 0; l < 2; l++) x = Block(file, l, x);
        file.Output(x);
        return file.ToBytes();
    }

    private static string Block(OnnxWriter file, int l, string x)
    {
        var p = $"blocks.{l}";
        string Projection(string which, long[] perm)
        {
            file.Node("MatMul", [x, $"{p}.W_{which}"], $"{p}.{which}_product").Node("Add", [$"{p}.{which}_product", $"{p}.b_{which}"], $"{p}.{which}")
                .Node("Reshape", [$"{p}.{which}", "head_shape"], $"{p}.{which}_heads")
                .Node("Transpose", [$"{p}.{which}_heads"], $"{p}.{which}_t", Ints("perm", perm));
            return $"{p}.{which}_t";
        }
        var q = Projection("Q", [0, 2, 1, 3]);
        var k = Projection("K", [0, 2, 3, 1]);
        var v = Projection("V", [0, 2, 1, 3]);
        file.Node("MatMul", [q, k], $"{p}.scores_raw").Node("Div", [$"{p}.scores_raw", "sqrt_d_head"], $"{p}.scores_scaled")
            .Node("Add", [$"{p}.scores_scaled", "mask_add"], $"{p}.scores").Node("Softmax", [$"{p}.scores"], $"{p}.pattern", Int("axis", -1))
            .Node("MatMul", [$"{p}.pattern", v], $"{p}.mixed").Node("Transpose", [$"{p}.mixed"], $"{p}.z", Ints("perm", 0, 2, 1, 3))
            .Node("Reshape", [$"{p}.z", "merged_shape"], $"{p}.z_merged").Node("MatMul", [$"{p}.z_merged", $"{p}.W_O"], $"{p}.attn_product")
            .Node("Add", [$"{p}.attn_product", $"{p}.b_O"], $"{p}.attn_out").Node("Add", [x, $"{p}.attn_out"], $"{p}.resid_mid");
        var mid = LayerNorm(file, $"{p}.resid_mid", $"{p}.norm_mid");
        file.Node("MatMul", [mid, $"{p}.W_in"], $"{p}.mlp_product").Node("Add", [$"{p}.mlp_product", $"{p}.b_in"], $"{p}.mlp_pre")
            .Node("Relu", [$"{p}.mlp_pre"], $"{p}.mlp_post").Node("MatMul", [$"{p}.mlp_post", $"{p}.W_out"], $"{p}.mlp_product_out")
            .Node("Add", [$"{p}.mlp_product_out", $"{p}.b_out"], $"{p}.mlp_out").Node("Add", [mid, $"{p}.mlp_out"], $"{p}.resid_post");
        return LayerNorm(file, $"{p}.resid_post", $"{p}.norm_post");
    }

    // Written out as primitives, as BERT exports write it.
    private static string LayerNorm(OnnxWriter file, string x, string name)
    {
        file.Node("ReduceMean", [x], $"{name}.mean", Ints("axes", -1)).Node("Sub", [x, $"{name}.mean"], $"{name}.centred")
            .Node("Pow", [$"{name}.centred", "two"], $"{name}.squares").Node("ReduceMean", [$"{name}.squares"], $"{name}.variance", Ints("axes", -1))
            .Node("Add", [$"{name}.variance", "epsilon"], $"{name}.variance_eps").Node("Sqrt", [$"{name}.variance_eps"], $"{name}.deviation")
            .Node("Div", [$"{name}.centred", $"{name}.deviation"], $"{name}.normalized").Node("Mul", [$"{name}.normalized", "norm.gamma"], $"{name}.scaled")
            .Node("Add", [$"{name}.scaled", "norm.beta"], $"{name}.out");
        return $"{name}.out";
    }

    // Residual directions: token t, position i, previous token t.
    internal static int TokenDirection(int t) => t;
    internal static int PositionDirection(int i) => TokenSlots + i;
    internal static int PreviousDirection(int t) => TokenSlots + Positions + t;

    /// <summary>The hand-set weights by initializer name (tensors in the caller's dispose scope).</summary>
    public static Dictionary<string, Tensor> Weights()
    {
        var w = new Dictionary<string, Tensor>
        {
            ["embeddings.word"] = Centred(Enumerable.Range(0, TokenSlots).Select(TokenDirection)),
            ["embeddings.position"] = Centred(Enumerable.Range(0, Positions).Select(PositionDirection)),
            // A centred vector made of n one-hot parts has a root mean square of about √(n / d_model): with two parts
            // (token and position) the norm gives back the vector itself; with three, 0.82 of it.
            ["norm.gamma"] = HeldArithmetic.Filled([DModel], MathF.Sqrt(2f / DModel)),
            ["norm.beta"] = zeros(DModel),
        };
        for (var l = 0; l < 2; l++)
        {
            foreach (var which in new[] { "Q", "K", "V" })
            {
                w[$"blocks.{l}.W_{which}"] = zeros(DModel, Heads * DHead);
                w[$"blocks.{l}.b_{which}"] = zeros(Heads * DHead);
            }
            w[$"blocks.{l}.W_O"] = zeros(Heads * DHead, DModel);
            w[$"blocks.{l}.b_O"] = zeros(DModel);
            w[$"blocks.{l}.W_in"] = zeros(DModel, DMlp);
            w[$"blocks.{l}.b_in"] = zeros(DMlp);
            w[$"blocks.{l}.W_out"] = zeros(DMlp, DModel);
            w[$"blocks.{l}.b_out"] = zeros(DModel);
        }
        var (q0, k0, v0, o0) = (w["blocks.0.W_Q"], w["blocks.0.W_K"], w["blocks.0.W_V"], w["blocks.0.W_O"]);
        int Column(int head, int d) => head * DHead + d;

        for (var i = 0; i < Positions; i++)
        {
            // Previous token: query at i and key at i − 1 meet in head dimension TokenSlots + i.
            q0[PositionDirection(i), Column(PreviousToken, TokenSlots + i)] = Gain;
            if (i + 1 < Positions) k0[PositionDirection(i), Column(PreviousToken, TokenSlots + i + 1)] = Gain;
            // Duplicate token: not itself.
            q0[PositionDirection(i), Column(DuplicateToken, TokenSlots + i)] = Gain;
            k0[PositionDirection(i), Column(DuplicateToken, TokenSlots + i)] = -Gain;
        }
        for (var t = 0; t < TokenSlots; t++)
        {
            v0[TokenDirection(t), Column(PreviousToken, t)] = 1;
            o0[Column(PreviousToken, t)] = Centred(PreviousDirection(t));
            q0[TokenDirection(t), Column(DuplicateToken, t)] = Gain;
            k0[TokenDirection(t), Column(DuplicateToken, t)] = Gain;
        }
        w["blocks.0.b_Q"][Column(Marker, 0)] = Gain;
        k0[TokenDirection(Array.IndexOf(Special, MarkerToken)), Column(Marker, 0)] = Gain;

        var (q1, k1, v1, o1) = (w["blocks.1.W_Q"], w["blocks.1.W_K"], w["blocks.1.W_V"], w["blocks.1.W_O"]);
        for (var t = 0; t < TokenSlots; t++)
        {
            q1[TokenDirection(t), Column(Induction, t)] = Gain;
            k1[PreviousDirection(t), Column(Induction, t)] = Gain;
            v1[TokenDirection(t), Column(Induction, t)] = 1;
            o1[Column(Induction, t)] = Centred(TokenDirection(t));
        }
        for (var i = 0; i + 1 < Positions; i++)
        {
            // Not the key right after the query: its previous token is the query's own.
            q1[PositionDirection(i), Column(Induction, TokenSlots + i)] = Gain;
            k1[PositionDirection(i + 1), Column(Induction, TokenSlots + i)] = -Gain;
        }
        return w;
    }

    private static Tensor Centred(int direction) => Centred([direction])[0];

    // One row per direction: the one-hot vector minus its mean, so that every sum of rows has mean 0.
    private static Tensor Centred(IEnumerable<int> directions)
    {
        var list = directions.ToList();
        var rows = HeldArithmetic.Filled([list.Count, DModel], -1f / DModel);
        for (var r = 0; r < list.Count; r++) rows[r, list[r]] = 1f - 1f / DModel;
        return rows;
    }
}

/// <summary>A broken copy of the planted transformer: one of its circuits changed, everything else as planted.</summary>
public sealed record TransformerBreak(string Kind, string Description, Action<Dictionary<string, Tensor>> Apply)
{
    /// <summary>The head's query and key weights (and query bias) zeroed: it attends uniformly.</summary>
    public static TransformerBreak QKZeroed(int layer, int head) => new("QK zeroed", $"QK of blocks.{layer}.attn:{head} zeroed", w =>
    {
        foreach (var which in new[] { "W_Q", "W_K" }) Head(w[$"blocks.{layer}.{which}"], head, 1).zero_();
        Head(w[$"blocks.{layer}.b_Q"], head, 0).zero_();
    });

    /// <summary>The head's value weights zeroed: it attends as before and writes nothing.</summary>
    public static TransformerBreak OVZeroed(int layer, int head) => new("OV zeroed", $"OV of blocks.{layer}.attn:{head} zeroed", w =>
        Head(w[$"blocks.{layer}.W_V"], head, 1).zero_());

    /// <summary>The head's value weights negated: it writes the opposite of what it read (a sign flipped).</summary>
    public static TransformerBreak OVNegated(int layer, int head) => new("OV sign flipped", $"OV of blocks.{layer}.attn:{head} negated", w =>
        Head(w[$"blocks.{layer}.W_V"], head, 1).neg_());

    /// <summary>The block's heads moved one place on (head h takes head h − 1's weights, head 0 the last one's).</summary>
    public static TransformerBreak HeadsPermuted(int layer) => new("heads permuted", $"heads of block {layer} permuted", w =>
    {
        var order = Enumerable.Range(0, PlantedTransformer.Heads).Select(h => (h + PlantedTransformer.Heads - 1) % PlantedTransformer.Heads).ToArray();
        foreach (var (name, dim) in new[] { ("W_Q", 1), ("W_K", 1), ("W_V", 1), ("b_Q", 0), ("b_K", 0), ("b_V", 0), ("W_O", 0) })
        {
            var weight = w[$"blocks.{layer}.{name}"];
            var copy = weight.clone();
            for (var h = 0; h < order.Length; h++) Head(weight, h, dim).copy_(Head(copy, order[h], dim));
        }
    });

    /// <summary>The position embeddings' rows shuffled (seeded): positional heads lose their positions.</summary>
    public static TransformerBreak PositionsShuffled(int seed = 0) => new("positions shuffled", "position embeddings shuffled", w =>
    {
        var table = w["embeddings.position"];
        var order = Enumerable.Range(0, (int)table.shape[0]).ToArray();
        new Random(seed).Shuffle(order);
        w["embeddings.position"] = table.index_select(0, tensor(order.Select(i => (long)i).ToArray()));
    });

    private static Tensor Head(Tensor weight, int head, int dim)
    {
        if (head < 0 || head >= PlantedTransformer.Heads) throw new CircuitSpecException($"The planted transformer has heads 0..{PlantedTransformer.Heads - 1}, not {head}.");
        return weight.narrow(dim, head * PlantedTransformer.DHead, PlantedTransformer.DHead);
    }

    public override string ToString() => Description;
}
