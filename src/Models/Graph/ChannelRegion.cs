using CircuitSpec.Models.Operators;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Graph;

/// <summary>
/// The nodes that lead only to one readout point and can be computed for one of its channels alone: the readout's
/// channel-local operators (pointwise non-linearities, per-channel batch normalization, sums of same-shaped values)
/// back to the convolutions that make the channel, which then compute one output channel instead of all. A sweep
/// read at one unit (layer3.1:7) so runs its last block's second convolution for 1 channel of 256. Inputs from outside
/// the region (a skip connection, a convolution's input) are read whole and narrowed to the channel where needed.
/// </summary>
internal static class ChannelRegion
{
    private static readonly HashSet<string> ChannelLocal = new(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "Elu", "Selu", "Sigmoid", "Tanh", "Softplus", "Softsign", "Clip", "Gelu", "HardSwish", "Mish", "Celu",
        "ThresholdedRelu", "Identity", "Dropout",
    };

    /// <summary>
    /// Which nodes compute the readout's one channel (true), or null when the readout node itself cannot. A node's
    /// producer joins the region when that node is the only reader of its output before the readout and the pass
    /// asks nothing of it (<paramref name="observed"/>).
    /// </summary>
    public static bool[]? Find(IReadOnlyList<GraphNode> nodes, int[][] inputSlots, int[][] outputSlots, bool[] isInitializer, int readout,
        Func<int, bool> observed)
    {
        bool Joins(int n) => Allowed(nodes[n]) && !(nodes[n].OpType is "Add" or "Sum" && inputSlots[n].Any(s => s < 0 || isInitializer[s]));
        if (!Joins(readout) || outputSlots[readout].Length != 1) return null;
        var producer = new Dictionary<int, int>();
        var readers = new Dictionary<int, int>();
        for (var n = 0; n <= readout; n++)
        {
            foreach (var slot in outputSlots[n]) if (slot >= 0) producer[slot] = n;
            foreach (var slot in inputSlots[n].Distinct()) if (slot >= 0) readers[slot] = readers.GetValueOrDefault(slot) + 1;
        }
        var region = new bool[nodes.Count];
        region[readout] = true;
        var pending = new Stack<int>([readout]);
        while (pending.Count > 0)
        {
            var n = pending.Pop();
            if (nodes[n].OpType == "Conv") continue; // its input is read whole
            foreach (var slot in ChannelInputs(nodes[n], inputSlots[n]))
            {
                if (slot < 0 || isInitializer[slot] || !producer.TryGetValue(slot, out var p) || region[p]) continue;
                if (readers[slot] != 1 || outputSlots[p].Length != 1 || observed(p) || !Joins(p)) continue;
                region[p] = true;
                pending.Push(p);
            }
        }
        return region;
    }

    /// <summary>The node's arguments with the region's one channel taken: weights' rows, per-channel parameters, whole inputs narrowed.</summary>
    public static Tensor?[] Narrowed(GraphNode node, Tensor?[] args, long channel, Func<int, bool> alreadyNarrowed)
    {
        Tensor? Rows(Tensor? t) => t?.narrow(0, channel, 1);
        Tensor? Input(int i) => args[i] is { } a && !alreadyNarrowed(i) && a.dim() >= 2 && a.shape[1] > 1 ? a.narrow(1, channel, 1) : args[i];
        return node.OpType switch
        {
            "Conv" => [args[0], Rows(args[1]), args.Length > 2 ? Rows(args[2]) : null],
            "BatchNormalization" => [Input(0), Rows(args[1]), Rows(args[2]), Rows(args[3]), Rows(args[4])],
            "Add" or "Sum" => [.. Enumerable.Range(0, args.Length).Select(Input)],
            _ => [Input(0), .. args.Skip(1)],
        };
    }

    private static IEnumerable<int> ChannelInputs(GraphNode node, int[] slots) => node.OpType switch
    {
        "Add" or "Sum" => slots,
        _ => slots.Take(1),
    };

    private static bool Allowed(GraphNode node) => node.OpType switch
    {
        "Conv" => node.Operator is ConvOperator { Groups: 1 },
        "BatchNormalization" => node.Operator is BatchNormOperator { PerChannel: true },
        "Add" or "Sum" => true,
        var op => ChannelLocal.Contains(op),
    };
}
