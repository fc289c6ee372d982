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

    public static GraphNetwork Load(string? path = null)
    {
        var model = CaffeLoader.Load(Folder(path), Convention, "inceptionv1");
        AddLucidNames(model);
        return model;
    }

    /// <summary>The 1000 ImageNet labels in the classifier's order (synset_words.txt, without the WordNet id).</summary>
    public static IReadOnlyList<string> Labels(string? path = null) =>
        File.ReadAllLines(Path.Combine(Folder(path), "synset_words.txt"))
            .Where(l => l.Length > 0)
            .Select(l => l.IndexOf(' ') is var space and > 0 ? l[(space + 1)..] : l)
            .ToList();

    private static void AddLucidNames(GraphNetwork model)
    {
        (string Lucid, string Caffe)[] stem =
        [
            ("conv2d0", "conv1/relu_7x7"), ("conv2d0_pre_relu", "conv1/7x7_s2"), ("maxpool0", "pool1/3x3_s2"), ("localresponsenorm0", "pool1/norm1"),
            ("conv2d1", "conv2/relu_3x3_reduce"), ("conv2d1_pre_relu", "conv2/3x3_reduce"),
            ("conv2d2", "conv2/relu_3x3"), ("conv2d2_pre_relu", "conv2/3x3"), ("localresponsenorm1", "conv2/norm2"), ("maxpool1", "pool2/3x3_s2"),
            ("maxpool4", "pool3/3x3_s2"), ("maxpool10", "pool4/3x3_s2"), ("avgpool0", "pool5/7x7_s1"), ("softmax2_pre_activation", "loss3/classifier"),
            ("softmax2", "prob"),
        ];
        foreach (var (lucid, caffe) in stem)
            if (model.HasPoint(caffe)) model.AddAlias(lucid, caffe);
        foreach (var block in Blocks)
        {
            var caffe = $"inception_{block}";
            var lucid = $"mixed{block}";
            model.AddAlias(lucid, $"{caffe}/output");
            foreach (var (branch, conv) in new[] { ("1x1", "1x1"), ("3x3_bottleneck", "3x3_reduce"), ("3x3", "3x3"), ("5x5_bottleneck", "5x5_reduce"), ("5x5", "5x5"), ("pool_reduce", "pool_proj") })
            {
                model.AddAlias($"{lucid}_{branch}", $"{caffe}/relu_{conv}");
                model.AddAlias($"{lucid}_{branch}_pre_relu", $"{caffe}/{conv}");
            }
        }
    }
}
