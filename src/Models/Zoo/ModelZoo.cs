using CircuitSpec.Models.Files;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Zoo;

/// <summary>The real ImageNet models CircuitSpec ships or finds, each with its input convention and friendly names.</summary>
public static class ModelZoo
{
    /// <summary>The zoo names the CLI accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["resnet18", "tiny-darknet", "inceptionv1", "planted", "minilm", "arctic-xs", "planted-transformer"];

    /// <summary>The zoo's transformers, which take token batches rather than images (see <see cref="Transformer"/>).</summary>
    public static IReadOnlyList<string> TransformerNames { get; } = ["minilm", "arctic-xs", "planted-transformer"];

    /// <summary>A zoo transformer's name, or a folder holding a BERT-style encoder: one .onnx file and its vocab.txt.</summary>
    public static bool IsTransformer(string nameOrFolder) =>
        TransformerNames.Contains(nameOrFolder.ToLowerInvariant()) ||
        (Directory.Exists(nameOrFolder) && File.Exists(Path.Combine(nameOrFolder, "vocab.txt")) && Directory.GetFiles(nameOrFolder, "*.onnx").Length == 1);

    /// <summary>
    /// A transformer by zoo name — all-MiniLM-L6-v2 ("minilm"), arctic-embed-xs ("arctic-xs"), the hand-set
    /// "planted-transformer" — or from a folder with one .onnx file and its vocab.txt (mean pooling).
    /// </summary>
    public static Transformers.SentenceTransformer Transformer(string nameOrFolder) => nameOrFolder.ToLowerInvariant() switch
    {
        "minilm" => Transformers.SentenceTransformer.MiniLM(),
        "arctic-xs" => Transformers.SentenceTransformer.ArcticXs(),
        "planted-transformer" => Planted.PlantedTransformer.Build(),
        _ when IsTransformer(nameOrFolder) => Transformers.SentenceTransformer.Load(Directory.GetFiles(nameOrFolder, "*.onnx")[0],
            Path.Combine(nameOrFolder, "vocab.txt"), Transformers.Pooling.Mean, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(nameOrFolder)))),
        _ => throw new Errors.CircuitSpecException($"'{nameOrFolder}' is not one of the zoo's transformers ({string.Join(", ", TransformerNames)}) " +
                                                   "nor a folder with one .onnx file and its vocab.txt."),
    };

    /// <summary>
    /// ImageNet ResNet-18 (CNTK export, from the Microsoft.ML.DnnImageFeaturizer.ResNet18 NuGet package). Output: the
    /// 512-d pooled features ("avgpool", [N, 512, 1, 1]); the package ships no classifier. Input: 224×224 BGR,
    /// 0..255 minus the per-pixel ImageNet mean image of the package's ResNetPreprocess.onnx (its channel means here).
    /// </summary>
    public static GraphNetwork ResNet18()
    {
        var (means, meanImage) = ResNet18Means();
        var convention = new InputConvention(224, 224, 3, ChannelOrder.Bgr, 255f, means, [1f, 1f, 1f],
            "224×224 BGR, 0..255 minus the ImageNet mean image (ResNetPreprocess.onnx)") { MeanImage = meanImage };
        var model = OnnxLoader.Load(PackageFiles.ResNet18Onnx, convention, "resnet18");
        ResNet18Aliases.Apply(model);
        return model;
    }

    /// <summary>The mean image (B, G, R planes, 224×224) of the package's preprocessing graph, and its channel means.</summary>
    public static (float[] ChannelMeans, float[] MeanImage) ResNet18Means()
    {
        using var scope = NewDisposeScope();
        using var preprocess = OnnxLoader.Load(PackageFiles.ResNet18PreprocessOnnx);
        var meanImage = preprocess.Initializers.Values.Single(t => t.is_floating_point()).reshape(3, 224, 224);
        return (meanImage.reshape(3, -1).mean([1L]).data<float>().ToArray(), meanImage.contiguous().data<float>().ToArray());
    }

    /// <summary>
    /// Tiny Darknet (ImageNet, TF.js Layers format): by default from the shared data folder
    /// (<c>models/darknet-tiny/model.json</c>). Input: 224×224 RGB in 0..1. Output: 1000 logits.
    /// </summary>
    public static GraphNetwork TinyDarknet(string? modelJson = null) =>
        TfJs.TfJsLoader.Load(modelJson ?? SharedData.Require("models", "darknet-tiny", "model.json"),
            InputConvention.UnitRgb(224, "224×224 RGB, 0..1"), "tiny-darknet");

    /// <summary>GoogLeNet with real ImageNet weights (BVLC, Caffe) and Lucid's layer names; see <see cref="Zoo.InceptionV1"/>.</summary>
    public static GraphNetwork InceptionV1(string? folder = null) => Zoo.InceptionV1.Load(folder);

    /// <summary>Loads a model by zoo name or by path (.onnx file, TF.js model.json or its folder, Caffe folder).</summary>
    public static GraphNetwork Load(string nameOrPath) => nameOrPath.ToLowerInvariant() switch
    {
        "resnet18" or "resnet-18" => ResNet18(),
        "tiny-darknet" or "darknet-tiny" => TinyDarknet(),
        "inceptionv1" or "googlenet" => Zoo.InceptionV1.Load(),
        // The hand-set circuit whose ground truth is known (edges → curves → circle): try a command on it first.
        "planted" or "planted-circuit" => Planted.PlantedCircuit.Build(),
        var name when IsTransformer(name) => throw new Errors.CircuitSpecException(
            $"'{nameOrPath}' is a transformer: it reads token batches, not images. Load it with ModelZoo.Transformer(\"{name}\"); " +
            $"the CLI's inspect and probe take it (`circuitspec probe {name} blocks.2.attn:5`)."),
        _ when Directory.Exists(nameOrPath) => LoadFolder(nameOrPath),
        _ when File.Exists(nameOrPath) && new FileInfo(nameOrPath).Length == 0 => throw new Errors.CircuitSpecException($"The file '{nameOrPath}' is empty (0 bytes)."),
        _ when nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => TfJs.TfJsLoader.Load(nameOrPath),
        _ when nameOrPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) => OnnxLoader.Load(nameOrPath),
        _ when LooksLikePath(nameOrPath) => throw new Errors.CircuitSpecException(File.Exists(nameOrPath)
            ? $"'{nameOrPath}' is not a model CircuitSpec reads: give an .onnx file, a TF.js model.json (or its folder) or a Caffe folder (deploy.prototxt and weights/)."
            : $"There is no file or folder '{Path.GetFullPath(nameOrPath)}'."),
        _ => throw new Errors.CircuitSpecException(
            $"Unknown model '{nameOrPath}'. Use a zoo name ({string.Join(", ", Names)}) or a path to an .onnx file, a TF.js model.json or a Caffe folder." +
            (Text.NearestNames.Find(nameOrPath, Names, 1) is [var near] ? $" Did you mean '{near}'?" : "")),
    };

    // A name with a folder separator or a file extension is a path, never a misspelt zoo name.
    private static bool LooksLikePath(string text) =>
        text.Contains('/') || text.Contains('\\') || Path.HasExtension(text) || File.Exists(text);

    /// <summary>
    /// A folder holding a TF.js model (model.json), a Caffe model (deploy.prototxt with weights/, read with Caffe's
    /// ImageNet convention: BGR, 0..255 minus 104/117/123, at the size its input layer declares) or one .onnx file.
    /// </summary>
    private static GraphNetwork LoadFolder(string folder)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        if (File.Exists(Path.Combine(folder, "model.json"))) return TfJs.TfJsLoader.Load(Path.Combine(folder, "model.json"));
        if (File.Exists(Path.Combine(folder, "deploy.prototxt")) && Directory.Exists(Path.Combine(folder, "weights")))
            return Caffe.CaffeLoader.Load(folder, CaffeConvention(Path.Combine(folder, "deploy.prototxt")), name);
        var onnx = Directory.GetFiles(folder, "*.onnx");
        if (onnx.Length == 1) return OnnxLoader.Load(onnx[0]);
        var held = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).Take(8).ToList();
        throw new Errors.CircuitSpecException(
            $"The folder '{folder}' holds no model CircuitSpec reads: expected a TF.js model.json, a Caffe deploy.prototxt with its weights/ folder, " +
            (onnx.Length > 1 ? $"or one .onnx file (it holds {onnx.Length}: name one)." : $"or an .onnx file. It holds: {(held.Count == 0 ? "nothing" : string.Join(", ", held))}."));
    }

    private static InputConvention CaffeConvention(string prototxt)
    {
        var input = Caffe.PrototxtReader.Read(prototxt).Messages("layer").FirstOrDefault(l => l.Value("type") == "Input");
        var dims = input?.Message("input_param")?.Message("shape")?.Values("dim").Select(long.Parse).ToArray() ?? [];
        var (height, width) = dims.Length == 4 ? ((int)dims[2], (int)dims[3]) : (224, 224);
        return new InputConvention(height, width, 3, ChannelOrder.Bgr, 255f, [104f, 117f, 123f], [1f, 1f, 1f],
            $"{height}×{width} BGR, 0..255 minus Caffe's ImageNet channel means (104, 117, 123)");
    }
}
