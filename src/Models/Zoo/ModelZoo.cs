using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Zoo;

/// <summary>The real ImageNet models CircuitSpec ships or finds, each with its input convention and friendly names.</summary>
public static class ModelZoo
{
    /// <summary>The zoo names the CLI accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["resnet18", "tiny-darknet", "inceptionv1", "planted"];

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

    /// <summary>Loads a model by zoo name or by path (.onnx file, TF.js model.json, Caffe folder).</summary>
    public static GraphNetwork Load(string nameOrPath) => nameOrPath.ToLowerInvariant() switch
    {
        "resnet18" or "resnet-18" => ResNet18(),
        "tiny-darknet" or "darknet-tiny" => TinyDarknet(),
        "inceptionv1" or "googlenet" => Zoo.InceptionV1.Load(),
        // The hand-set circuit whose ground truth is known (edges → curves → circle): try a command on it first.
        "planted" or "planted-circuit" => Planted.PlantedCircuit.Build(),
        _ when nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => TfJs.TfJsLoader.Load(nameOrPath),
        _ when nameOrPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) => OnnxLoader.Load(nameOrPath),
        _ => throw new Errors.CircuitSpecException(
            $"Unknown model '{nameOrPath}'. Use a zoo name ({string.Join(", ", Names)}) or a path to an .onnx file or a TF.js model.json." +
            (Text.NearestNames.Find(nameOrPath, Names, 1) is [var near] ? $" Did you mean '{near}'?" : "")),
    };
}
