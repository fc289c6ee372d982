using CircuitSpec.Models.Caffe;
using CircuitSpec.Models.Graph;
using CircuitSpec.Networks;

namespace CircuitSpec.Models.Zoo;

/// <summary>
/// GoogLeNet (InceptionV1) with real ImageNet weights (BVLC, Caffe), and Lucid's layer names: conv2d0..2 and
/// mixed3a..mixed5b (post-ReLU, with <c>_pre_relu</c> variants), and the branch points inside each mixed block
/// (<c>mixed3b_1x1</c>, <c>_3x3_bottleneck</c>, <c>_3x3</c>, <c>_5x5_bottleneck</c>, <c>_5x5</c>, <c>_pool_reduce</c>).
/// </summary>
public static class InceptionV1
{
    public const string EnvironmentVariable = "CIRCUITSPEC_INCEPTIONV1";

    /// <summary>Caffe's convention: BGR, 0..255 minus the mean (104, 117, 123).</summary>
    public static InputConvention Convention { get; } = new(224, 224, 3, ChannelOrder.Bgr, 255f, [104f, 117f, 123f], [1f, 1f, 1f],
        "224×224 BGR, 0..255 minus the mean (104, 117, 123)");

    private static readonly string[] Blocks = ["3a", "3b", "4a", "4b", "4c", "4d", "4e", "5a", "5b"];

    /// <summary>The weights folder: the argument, else $CIRCUITSPEC_INCEPTIONV1, else the shared data's bvlc-googlenet.</summary>
    public static string Folder(string? path = null) =>
        path ?? (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env : SharedData.Require("models", "bvlc-googlenet"));

    /// <summary>
    /// Loads the Caffe weights folder, or an ONNX GoogLeNet (e.g. the ONNX model zoo's, or the architecture-only
    /// light_inception_v1.onnx) when the path is an .onnx file; both get Lucid's names.
    /// </summary>
    public static GraphNetwork Load(string? path = null)
    {
        var source = Folder(path);
        if (source.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            var onnx = Onnx.OnnxLoader.Load(source, Convention, "inceptionv1");
            AddLucidNames(onnx, OnnxPoints(onnx));
            return onnx;
        }
        var model = CaffeLoader.Load(source, Convention, "inceptionv1");
        AddLucidNames(model, name => model.HasPoint(name) ? name : null);
        return model;
    }

    // The ONNX export names values r0, r1, … but keeps Caffe's layer names on the weights ("inception_3b/3x3_w_0"):
    // find each convolution by its weight, the ReLU that reads it, and each block's concatenation.
    private static Func<string, string?> OnnxPoints(GraphNetwork model)
    {
        var points = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var conv in model.Nodes.Where(n => n.OpType == "Conv" && n.Inputs[1].EndsWith("_w_0", StringComparison.Ordinal)))
        {
            var layer = conv.Inputs[1][..^4];
            points[layer] = conv.Outputs[0];
            if (model.ConsumersOf(conv.Outputs[0]).FirstOrDefault(n => n.OpType == "Relu") is { } relu)
                points[CaffeReluName(layer)] = relu.Outputs[0];
        }
        foreach (var block in Blocks)
            if (points.TryGetValue($"inception_{block}/relu_1x1", out var first) &&
                model.ConsumersOf(first).FirstOrDefault(n => n.OpType == "Concat") is { } concat)
                points[$"inception_{block}/output"] = concat.Outputs[0];
        return name => points.GetValueOrDefault(name);
    }

    private static string CaffeReluName(string convLayer) => convLayer == "conv1/7x7_s2"
        ? "conv1/relu_7x7"
        : $"{convLayer[..convLayer.LastIndexOf('/')]}/relu_{convLayer[(convLayer.LastIndexOf('/') + 1)..]}";

    /// <summary>The 1000 ImageNet labels in the classifier's order (synset_words.txt, without the WordNet id).</summary>
    public static IReadOnlyList<string> Labels(string? path = null) =>
        File.ReadAllLines(Path.Combine(Folder(path), "synset_words.txt"))
            .Where(l => l.Length > 0)
            .Select(l => l.IndexOf(' ') is var space and > 0 ? l[(space + 1)..] : l)
            .ToList();

    private static void AddLucidNames(GraphNetwork model, Func<string, string?> caffePoint)
    {
        void Alias(string lucid, string caffe)
        {
            if (caffePoint(caffe) is { } point) model.AddAlias(lucid, point);
        }

        (string Lucid, string Caffe)[] stem =
        [
            ("conv2d0", "conv1/relu_7x7"), ("conv2d0_pre_relu", "conv1/7x7_s2"), ("maxpool0", "pool1/3x3_s2"), ("localresponsenorm0", "pool1/norm1"),
            ("conv2d1", "conv2/relu_3x3_reduce"), ("conv2d1_pre_relu", "conv2/3x3_reduce"),
            ("conv2d2", "conv2/relu_3x3"), ("conv2d2_pre_relu", "conv2/3x3"), ("localresponsenorm1", "conv2/norm2"), ("maxpool1", "pool2/3x3_s2"),
            ("maxpool4", "pool3/3x3_s2"), ("maxpool10", "pool4/3x3_s2"), ("avgpool0", "pool5/7x7_s1"), ("softmax2_pre_activation", "loss3/classifier"),
            ("softmax2", "prob"),
        ];
        foreach (var (lucid, caffe) in stem) Alias(lucid, caffe);
        foreach (var block in Blocks)
        {
            var caffe = $"inception_{block}";
            var lucid = $"mixed{block}";
            Alias(lucid, $"{caffe}/output");
            foreach (var (branch, conv) in new[] { ("1x1", "1x1"), ("3x3_bottleneck", "3x3_reduce"), ("3x3", "3x3"), ("5x5_bottleneck", "5x5_reduce"), ("5x5", "5x5"), ("pool_reduce", "pool_proj") })
            {
                Alias($"{lucid}_{branch}", $"{caffe}/relu_{conv}");
                Alias($"{lucid}_{branch}_pre_relu", $"{caffe}/{conv}");
            }
        }
    }
}
