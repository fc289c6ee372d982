using CircuitSpec.Models.Graph;

namespace CircuitSpec.Models.Zoo;

/// <summary>
/// torchvision-style names for the CNTK ResNet-18 graph (whose values are named like "Convolution249_Output_0"):
/// conv1, bn1, relu, maxpool, layerI.J (each residual block's output) with .conv1/.bn1/.relu/.conv2/.bn2/.downsample
/// inside, layerI (the stage's output) and avgpool.
/// </summary>
internal static class ResNet18Aliases
{
    public static void Apply(GraphNetwork model)
    {
        var nodes = model.Nodes;
        var stem = nodes.TakeWhile(n => n.OpType != "MaxPool").ToList();
        var maxPool = nodes.First(n => n.OpType == "MaxPool");
        Alias(model, "conv1", stem.First(n => n.OpType == "Conv"));
        Alias(model, "bn1", stem.First(n => n.OpType == "BatchNormalization"));
        Alias(model, "relu", stem.First(n => n.OpType == "Relu"));
        Alias(model, "maxpool", maxPool);

        var blockInput = maxPool.Outputs[0];
        var rest = nodes.SkipWhile(n => n != maxPool).Skip(1).ToList();
        var block = 0;
        var segment = new List<GraphNode>();
        for (var i = 0; i < rest.Count; i++)
        {
            var node = rest[i];
            segment.Add(node);
            if (node.OpType != "Add") continue;
            var output = i + 1 < rest.Count && rest[i + 1].OpType == "Relu" ? rest[++i] : node;
            var name = $"layer{block / 2 + 1}.{block % 2}";
            NameBlock(model, name, segment, node, blockInput);
            Alias(model, name, output);
            if (block % 2 == 1) Alias(model, $"layer{block / 2 + 1}", output);
            blockInput = output.Outputs[0];
            segment.Clear();
            block++;
        }
        var pool = rest.LastOrDefault(n => n.OpType is "AveragePool" or "GlobalAveragePool");
        if (pool is not null) Alias(model, "avgpool", pool);
    }

    private static void NameBlock(GraphNetwork model, string block, List<GraphNode> segment, GraphNode add, string blockInput)
    {
        var convs = segment.Where(n => n.OpType == "Conv").ToList();
        // The shortcut convolution reads the block input and reaches the Add through its BatchNorm alone.
        var downsample = convs.FirstOrDefault(c => c.Inputs[0] == blockInput &&
            segment.Any(b => b.OpType == "BatchNormalization" && b.Inputs[0] == c.Outputs[0] && add.Inputs.Contains(b.Outputs[0])));
        var main = convs.Where(c => c != downsample).ToList();
        for (var k = 0; k < main.Count; k++)
        {
            Alias(model, $"{block}.conv{k + 1}", main[k]);
            if (segment.FirstOrDefault(b => b.OpType == "BatchNormalization" && b.Inputs[0] == main[k].Outputs[0]) is { } bn)
            {
                Alias(model, $"{block}.bn{k + 1}", bn);
                if (k == 0 && segment.FirstOrDefault(r => r.OpType == "Relu" && r.Inputs[0] == bn.Outputs[0]) is { } relu)
                    Alias(model, $"{block}.relu", relu);
            }
        }
        if (downsample is not null)
        {
            Alias(model, $"{block}.downsample.0", downsample);
            if (segment.FirstOrDefault(b => b.OpType == "BatchNormalization" && b.Inputs[0] == downsample.Outputs[0]) is { } bn)
                Alias(model, $"{block}.downsample.1", bn);
        }
    }

    private static void Alias(GraphNetwork model, string alias, GraphNode node) => model.AddAlias(alias, node.Outputs[0]);
}
