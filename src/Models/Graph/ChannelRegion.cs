using CircuitSpec.Models.Operators;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Graph;

/// <summary>
/// The nodes that lead only to one readout point and can be computed for one of its channels alone: the readout's
/// channel-local operators (pointwise non-linearities, per-channel batch normalization, sums of same-shaped values)
/// back to the convolutions that make the channel, which then compute one output channel instead of all. A sweep
/// read at one unit (layer3.1:7) so runs its last block's second convolution for 1 channel of 256. Inputs from outside
/// the region (a skip connection, a convolution's input) are read whole and narrowed to the channel where needed.
/// Through a concatenation along the channels (an Inception block's output) the channel is the one input's channel it
/// comes from, at its place there; the other inputs are not read (mixed3b:413 needs its 5×5 branch alone), so the
/// branches that lead only to them need not run (<see cref="UnreadInput"/>).
/// </summary>
internal sealed class ChannelRegion
{
    private static readonly HashSet<string> ChannelLocal = new(StringComparer.Ordinal)
    {
        "Relu", "LeakyRelu", "Elu", "Selu", "Sigmoid", "Tanh", "Softplus", "Softsign", "Clip", "Gelu", "HardSwish", "Mish", "Celu",
        "ThresholdedRelu", "Identity", "Dropout",
    };

    private readonly long[] _channel; // per node: the channel of its output it computes; −1 outside the region
    private readonly int[] _concatInput; // per concatenation in the region: the input its channel comes from; −1 otherwise
    private readonly long[] _inputChannel; // per node in the region: that channel's index in the input it narrows

    private ChannelRegion(int nodes)
    {
        _channel = new long[nodes];
        _concatInput = new int[nodes];
        _inputChannel = new long[nodes];
        Array.Fill(_channel, -1L);
        Array.Fill(_concatInput, -1);
    }

    /// <summary>Whether node <paramref name="n"/> computes one channel.</summary>
    public bool Contains(int n) => _channel[n] >= 0;

    /// <summary>The channel of its output node <paramref name="n"/> computes.</summary>
    public long Channel(int n) => _channel[n];

    /// <summary>Whether the region never reads input <paramref name="input"/> of node <paramref name="n"/> (a concatenation's other inputs).</summary>
    public bool UnreadInput(int n, int input) => _concatInput[n] >= 0 && input != _concatInput[n];

    /// <summary>Whether some node of the region leaves inputs unread: then what leads only to them need not run.</summary>
    public bool LeavesInputsUnread => _concatInput.Any(k => k >= 0);

    /// <summary>
    /// The region for channel <paramref name="channel"/> of the readout node, or null when the readout node itself cannot
    /// compute it alone. A node's producer joins when that node is the only reader of its output before the readout and
    /// the pass asks nothing of it (<paramref name="observed"/>). <paramref name="channelsOf"/> gives a value's channel
    /// count (null where unknown), which places a channel among a concatenation's inputs.
    /// </summary>
    public static ChannelRegion? Find(IReadOnlyList<GraphNode> nodes, int[][] inputSlots, int[][] outputSlots, bool[] isInitializer, int readout,
        long channel, Func<int, bool> observed, Func<int, long?> channelsOf)
    {
        var region = new ChannelRegion(nodes.Count);
        if (outputSlots[readout].Length != 1 || !region.TryJoin(nodes, inputSlots, isInitializer, readout, channel, channelsOf)) return null;
        var producer = new Dictionary<int, int>();
        var readers = new Dictionary<int, int>();
        for (var n = 0; n <= readout; n++)
        {
            foreach (var slot in outputSlots[n]) if (slot >= 0) producer[slot] = n;
            foreach (var slot in inputSlots[n].Distinct()) if (slot >= 0) readers[slot] = readers.GetValueOrDefault(slot) + 1;
        }
        var pending = new Stack<int>([readout]);
        while (pending.Count > 0)
        {
            var n = pending.Pop();
            if (nodes[n].OpType == "Conv") continue; // its input is read whole
            var inputChannel = region._inputChannel[n];
            foreach (var slot in region.ChannelInputs(n, nodes[n], inputSlots[n]))
            {
                if (slot < 0 || isInitializer[slot] || !producer.TryGetValue(slot, out var p) || region.Contains(p)) continue;
                if (readers[slot] != 1 || outputSlots[p].Length != 1 || observed(p)) continue;
                if (region.TryJoin(nodes, inputSlots, isInitializer, p, inputChannel, channelsOf)) pending.Push(p);
            }
        }
        return region;
    }

    // Node n joins computing `channel` of its output where its operator allows it, and for a concatenation where the
    // channel can be placed among its inputs.
    private bool TryJoin(IReadOnlyList<GraphNode> nodes, int[][] inputSlots, bool[] isInitializer, int n, long channel, Func<int, long?> channelsOf)
    {
        var node = nodes[n];
        if (!Allowed(node) || (node.OpType is "Add" or "Sum" && inputSlots[n].Any(s => s < 0 || isInitializer[s]))) return false;
        var inputChannel = channel;
        if (node.OpType == "Concat")
        {
            if (PlaceAmongInputs(inputSlots[n], channel, channelsOf) is not { } place) return false;
            (_concatInput[n], inputChannel) = (place.Input, place.Channel);
        }
        (_channel[n], _inputChannel[n]) = (channel, inputChannel);
        return true;
    }

    // Which input of a channel concatenation holds `channel`, and at which of its channels.
    private static (int Input, long Channel)? PlaceAmongInputs(int[] slots, long channel, Func<int, long?> channelsOf)
    {
        var start = 0L;
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i] < 0 || channelsOf(slots[i]) is not { } count) return null;
            if (channel < start + count) return (i, channel - start);
            start += count;
        }
        return null;
    }

    /// <summary>Node <paramref name="n"/>'s arguments with its one channel taken: weights' rows, per-channel parameters, whole inputs narrowed.</summary>
    public Tensor?[] Narrowed(int n, GraphNode node, Tensor?[] args, Func<int, bool> alreadyNarrowed)
    {
        var (channel, inputChannel) = (_channel[n], _inputChannel[n]);
        Tensor? Rows(Tensor? t) => t?.narrow(0, channel, 1);
        Tensor? Input(int i) => args[i] is { } a && !alreadyNarrowed(i) && a.dim() >= 2 && a.shape[1] > 1 ? a.narrow(1, inputChannel, 1) : args[i];
        return node.OpType switch
        {
            "Conv" => [args[0], Rows(args[1]), args.Length > 2 ? Rows(args[2]) : null],
            "BatchNormalization" => [Input(0), Rows(args[1]), Rows(args[2]), Rows(args[3]), Rows(args[4])],
            "Add" or "Sum" => [.. Enumerable.Range(0, args.Length).Select(Input)],
            "Concat" => [Input(_concatInput[n])],
            _ => [Input(0), .. args.Skip(1)],
        };
    }

    private IEnumerable<int> ChannelInputs(int n, GraphNode node, int[] slots) => node.OpType switch
    {
        "Add" or "Sum" => slots,
        "Concat" => [slots[_concatInput[n]]],
        _ => slots.Take(1),
    };

    private static bool Allowed(GraphNode node) => node.OpType switch
    {
        "Conv" => node.Operator is ConvOperator { Groups: 1 },
        "BatchNormalization" => node.Operator is BatchNormOperator { PerChannel: true },
        "Add" or "Sum" => true,
        "Concat" => node.Operator is ConcatOperator { Axis: 1 },
        var op => ChannelLocal.Contains(op),
    };
}
