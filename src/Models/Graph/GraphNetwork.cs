using CircuitSpec.Models.Operators;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Models.Graph;

/// <summary>
/// An executable dataflow graph (ONNX semantics) whose every node output is a named activation point. Built by
/// <see cref="GraphBuilder"/> from ONNX, Caffe or TF.js Layers files.
/// </summary>
public sealed class GraphNetwork : Network
{
    private readonly Dictionary<string, Tensor> _initializers;
    private readonly GraphNode[] _nodes;
    private readonly HookPoint[][] _nodePoints;
    private readonly int[][] _inputSlots;
    private readonly int[][] _outputSlots;
    private readonly int[][] _releaseAfter;
    private readonly int[] _lastUse; // per slot: the last node that reads it, or the node count for a graph output (the caller reads it), -1 for none
    private readonly int[] _graphInputSlots;
    private readonly int[] _graphOutputSlots;
    private readonly (int Slot, string Name)[] _initializerSlots;
    private readonly int _slotCount;
    private readonly bool[] _isInitializerSlot;
    private readonly Dictionary<string, int> _slotOfPoint;
    private readonly ConvBatchNormFusion _fusion;

    internal GraphNetwork(
        string name,
        InputConvention input,
        IReadOnlyList<string> inputs,
        IReadOnlyList<string> outputs,
        IReadOnlyList<GraphNode> orderedNodes,
        Dictionary<string, Tensor> initializers,
        long parameterCount)
        : base(name, input)
    {
        _initializers = initializers;
        _nodes = orderedNodes.ToArray();
        InputNames = inputs;
        OutputNames = outputs;
        ParameterCount = parameterCount;

        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        int SlotOf(string value) => slots.TryGetValue(value, out var s) ? s : slots[value] = slots.Count;

        _graphInputSlots = inputs.Select(SlotOf).ToArray();
        _initializerSlots = initializers.Keys.Select(k => (SlotOf(k), k)).ToArray();
        _inputSlots = _nodes.Select(n => n.Inputs.Select(i => i.Length == 0 ? -1 : SlotOf(i)).ToArray()).ToArray();
        _outputSlots = _nodes.Select(n => n.Outputs.Select(o => o.Length == 0 ? -1 : SlotOf(o)).ToArray()).ToArray();
        _graphOutputSlots = outputs.Select(SlotOf).ToArray();
        _slotCount = slots.Count;
        _isInitializerSlot = new bool[_slotCount];
        foreach (var (slot, _) in _initializerSlots) _isInitializerSlot[slot] = true;

        _nodePoints = _nodes.Select(n => n.Outputs.Where(o => o.Length > 0).Select(o => AddPoint(o, n.OpType)).ToArray()).ToArray();
        _slotOfPoint = _nodes.SelectMany(n => n.Outputs.Where(o => o.Length > 0)).ToDictionary(o => o, o => slots[o], StringComparer.Ordinal);
        _releaseAfter = PlanReleases();
        _lastUse = new int[_slotCount];
        Array.Fill(_lastUse, -1);
        for (var n = 0; n < _nodes.Length; n++) foreach (var slot in _inputSlots[n]) if (slot >= 0) _lastUse[slot] = n;
        foreach (var slot in _graphOutputSlots) _lastUse[slot] = _nodes.Length;
        _fusion = new ConvBatchNormFusion(_nodes, _initializers, outputs.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>How many convolution + batch normalization pairs a pass that does not look between them runs as one convolution.</summary>
    public int FusedPairs => _fusion.Count;

    public IReadOnlyList<string> InputNames { get; }
    public IReadOnlyList<string> OutputNames { get; }
    public IReadOnlyList<GraphNode> Nodes => _nodes;

    /// <summary>
    /// The graph's weights by name. A pass reads them as they are then: an in-place tensor operation on one (or on a view
    /// of it) is seen by the next pass, fused or not; a write to its raw memory (a <c>data&lt;T&gt;()</c> accessor) is not
    /// seen by a fused pass, since libtorch does not count it.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Initializers => _initializers;
    public override long ParameterCount { get; }

    /// <summary>The node whose output is the given point (canonical name or alias).</summary>
    public GraphNode ProducerOf(string point)
    {
        var name = Resolve(point);
        return _nodes.First(n => n.Outputs.Contains(name));
    }

    /// <summary>The nodes that read a value (a point or an initializer).</summary>
    public IEnumerable<GraphNode> ConsumersOf(string value) => _nodes.Where(n => n.Inputs.Contains(value));

    public override Tensor forward(Tensor input) => Run([input], ForwardPass.Plain)![0];

    protected override Tensor? Evaluate(Tensor[] inputs, ForwardPass pass) => Run(inputs, pass)?[0];

    /// <summary>Runs the graph on its inputs (in <see cref="InputNames"/> order) and returns all its outputs.</summary>
    public Tensor[] EvaluateAll(params Tensor[] inputs) => Run(inputs, ForwardPass.Plain)!;

    // Repeats the batch at the fan-out point (node n's output), and every batched value still live there that a later node
    // reads or the pass returns (skip connections, a transformer's attention mask), along dimension 0. The images, kept for
    // the caller, are not repeated unless read again (ResNet-18's 4 stimuli in a 65-copy sweep: 156 MB a pass). Shape
    // vectors and other small values computed from the batch are not batched: a value is batched when it has at least two
    // dimensions and the batch's length in the first.
    private Tensor FanOutValues(int n, Tensor result, Tensor?[] values, int copies)
    {
        Tensor Repeat(Tensor t) => t.repeat([copies, .. Enumerable.Repeat(1L, (int)t.dim() - 1)]);
        var batch = result.shape[0];
        for (var slot = 0; slot < values.Length; slot++)
            if (_lastUse[slot] > n && values[slot] is { } live && !_isInitializerSlot[slot] && live.dim() >= 2 && live.shape[0] == batch) values[slot] = Repeat(live);
        return Repeat(result);
    }

    // Every output, or null when the pass was done before the end.
    private Tensor[]? Run(Tensor[] inputs, ForwardPass pass)
    {
        if (inputs.Length != _graphInputSlots.Length)
            throw new Errors.CircuitSpecException(
                $"Model '{ModelName}' takes {_graphInputSlots.Length} input(s) ({string.Join(", ", InputNames)}), got {inputs.Length}.");
        var values = new Tensor?[_slotCount];
        foreach (var (slot, name) in _initializerSlots) values[slot] = _initializers[name];
        for (var i = 0; i < inputs.Length; i++) values[_graphInputSlots[i]] = inputs[i];

        Tensor?[]? fused = null; // a folded convolution's result, waiting for the normalization node it stands for
        var (oneChannel, narrowed) = OneChannelRegion(pass);
        var roles = RolesIn(pass, oneChannel);
        ChannelChanges? fannedOut = null;
        for (var n = 0; n < _nodes.Length; n++)
        {
            var role = roles?[n] ?? Role.Run;
            if (role == Role.Skip)
            {
                Release(n, values);
                continue;
            }
            var node = _nodes[n];
            var args = role == Role.Run ? Array.ConvertAll(_inputSlots[n], s => s < 0 ? null : values[s]) : [];
            if (oneChannel?.Contains(n) == true)
            {
                var slots = _inputSlots[n];
                args = oneChannel.Narrowed(n, node, args, i => slots[i] >= 0 && narrowed![slots[i]]);
                foreach (var slot in _outputSlots[n]) if (slot >= 0) narrowed![slot] = true;
            }
            Tensor[] results;
            try
            {
                if (role == Role.Start)
                    results = Array.ConvertAll(_outputSlots[n], _ => empty(0)); // the starts take their places below; the rest is never read
                else if (fused?[n] is { } ready)
                {
                    results = [ready];
                    fused[n] = null;
                }
                else if (Fusable(n, pass) is { } norm)
                {
                    var (weight, bias) = _fusion.Folded(n, _nodes, _initializers);
                    if (oneChannel?.Contains(n) == true) (weight, bias) = (weight.narrow(0, oneChannel.Channel(n), 1), bias.narrow(0, oneChannel.Channel(n), 1));
                    (fused ??= new Tensor?[_nodes.Length])[norm] = ConvolveChanges(n, args, weight, bias, fannedOut) ?? Scoped(() => node.Operator.Run([args[0], weight, bias]))[0];
                    Release(n, values);
                    continue;
                }
                else if (!pass.Linearized && args.Length > 1 && args[1] is { } weight && ConvolveChanges(n, args, weight, args.Length > 2 ? args[2] : null, fannedOut) is { } convolved)
                    results = [convolved];
                else
                    results = !pass.Linearized ? Scoped(() => node.Operator.Run(args))
                        : OperatorSet.Pointwise.Contains(node.OpType) ? [args[0]!.alias()]
                        : Scoped(() => node.Operator.RunLinearized(args));
            }
            catch (Exception e) when (e is not Errors.CircuitSpecException)
            {
                throw new GraphExecutionException(ModelName, node,
                    $"{FirstLine(e.Message)} (inputs: {string.Join(", ", args.Select(a => a is null ? "none" : "[" + string.Join(", ", a.shape) + "] " + a.dtype))})", e);
            }
            var point = 0;
            for (var o = 0; o < _outputSlots[n].Length && o < results.Length; o++)
            {
                if (_outputSlots[n][o] < 0) continue;
                var result = roles is not null && pass.Starts.TryGetValue(node.Outputs[o], out var start) ? start.alias() : results[o];
                // An operator that hands back its input (Identity, Dropout) must not share the handle we may release.
                if (Array.Exists(args, a => ReferenceEquals(a, result))) result = result.alias();
                var hook = _nodePoints[n][point++];
                if (pass.FanOut is { } fan && fan.Point == hook.PointName)
                {
                    var before = result;
                    result = FanOutValues(n, result, values, fan.Copies);
                    fannedOut = pass.Linearized ? null : new ChannelChanges(_outputSlots[n][o], before, result, fan.Copies);
                }
                if (oneChannel?.Contains(n) == true && hook.PointName == pass.OnlyChannel!.Point) result = Widened(result, hook.PointName, pass.OnlyChannel.Channel);
                var (value, done) = pass.Produced(hook.PointName, hook.call(result));
                values[_outputSlots[n][o]] = value;
                if (fannedOut is { Changed: null } f && f.Slot == _outputSlots[n][o])
                {
                    // A hook may have changed the value too: then only comparing the values tells which channels changed.
                    var channels = IsHooked(hook.PointName) ? null : pass.ChannelPerRow(hook.PointName);
                    fannedOut = f with { Changed = value, ChannelPerRow = channels, Repeated = channels is null ? f.Repeated : null };
                    // The change made its own copy and nothing else reads the repeated batch: 52 MB less held in row 3's sweep.
                    if (channels is not null && !ReferenceEquals(value, result)) result.Dispose();
                }
                if (done) return null;
            }
            Release(n, values);
        }
        return Array.ConvertAll(_graphOutputSlots, s => values[s] ?? throw new Errors.CircuitSpecException(
            $"Model '{ModelName}' produced no value for one of its outputs ({string.Join(", ", OutputNames)})."));
    }

    // An operator's own temporaries (LRN's squares, a padded or channels-last copy) are freed when it returns, not with
    // the caller's dispose scope: they piled up over the pass (InceptionV1: 166 tensors, its second LRN's alone 230 MB at
    // 32 images), and the heap grew, faulting in fresh pages, for memory the next node could have reused.
    private static Tensor[] Scoped(Func<Tensor[]> run)
    {
        using var scope = NewDisposeScope();
        var results = run();
        scope.MoveToOuter(results);
        return results;
    }

    private enum Role : byte
    {
        Run,
        Skip,
        Start,
    }

    // For a pass that starts from given values or reads one channel of a concatenation, what becomes of each node: the
    // nodes that lead to what it asks for, its outputs if it wants them, and the hooked points run, going back no further
    // than the starts; a node whose asked outputs are all starts hands them on without running; the rest is skipped. A
    // concatenation that computes one channel reads only the input that channel comes from. Null: every node runs.
    private Role[]? RolesIn(ForwardPass pass, ChannelRegion? oneChannel)
    {
        if (pass.Starts.Count == 0 && oneChannel?.LeavesInputsUnread != true) return null;
        var demanded = new bool[_slotCount];
        var started = new bool[_slotCount];
        foreach (var point in pass.Starts.Keys) started[_slotOfPoint[point]] = true;
        foreach (var point in pass.Asked.Concat(PointNames.Where(IsHooked))) demanded[_slotOfPoint[point]] = true;
        if (pass.WantsOutput) foreach (var slot in _graphOutputSlots) demanded[slot] = true;
        var roles = new Role[_nodes.Length];
        for (var n = _nodes.Length - 1; n >= 0; n--)
        {
            var asked = _outputSlots[n].Where(s => s >= 0 && demanded[s]).ToList();
            roles[n] = asked.Count == 0 ? Role.Skip : asked.All(s => started[s]) ? Role.Start : Role.Run;
            if (roles[n] != Role.Run) continue;
            for (var i = 0; i < _inputSlots[n].Length; i++)
                if (_inputSlots[n][i] >= 0 && oneChannel?.UnreadInput(n, i) != true) demanded[_inputSlots[n][i]] = true;
        }
        return roles;
    }

    // Convolution n of a sweep's changed batch, from the stimuli's convolution and each copy's one changed channel, when it reads that batch.
    private Tensor? ConvolveChanges(int n, Tensor?[] args, Tensor weight, Tensor? bias, ChannelChanges? changes) =>
        changes is { Changed: { } changed } && _nodes[n].Operator is ConvOperator conv && ReferenceEquals(args[0], changed)
            ? changes.Convolve(conv, weight, bias) : null;

    // For a pass read at one channel of one point: which nodes compute that channel alone, and which values are so narrowed.
    private (ChannelRegion? Region, bool[]? Narrowed) OneChannelRegion(ForwardPass pass)
    {
        // A readout the pass starts from is given whole: there is nothing to compute for its channel alone.
        if (pass.OnlyChannel is not { } only || pass.Linearized || pass.Starts.ContainsKey(only.Point) || IsHooked(only.Point)) return (null, null);
        var readout = Array.FindIndex(_nodePoints, points => points.Any(p => p.PointName == only.Point));
        if (readout < 0) return (null, null);
        bool Observed(int n) => _nodePoints[n].Any(p => pass.Observes(p.PointName) || IsHooked(p.PointName));
        var region = FindChannelRegion(readout, only.Channel, Observed);
        return region is null ? (null, null) : (region, new bool[_slotCount]);
    }

    private ChannelRegion? FindChannelRegion(int readout, long channel, Func<int, bool> observed) =>
        ChannelRegion.Find(_nodes, _inputSlots, _outputSlots, _isInitializerSlot, readout, channel, observed, ChannelsOfSlot);

    // A value's channel count, from the shapes the model's points have at its input convention; null for a value that
    // is not a point (a graph input).
    private long? ChannelsOfSlot(int slot)
    {
        var name = _slotOfPoint.FirstOrDefault(p => p.Value == slot).Key;
        if (name is null) return null;
        try
        {
            return ChannelCount(name);
        }
        catch (Errors.CircuitSpecException)
        {
            return null; // not computed at the convention's input: the channel is not placed, and the concatenation runs whole
        }
    }

    /// <summary>
    /// The nodes a pass that reads channel <paramref name="channel"/> of <paramref name="point"/> and asks nothing else
    /// computes for that channel alone.
    /// </summary>
    internal IReadOnlyList<string> OneChannelNodes(string point, long channel = 0)
    {
        var name = Resolve(point);
        var readout = Array.FindIndex(_nodePoints, points => points.Any(p => p.PointName == name));
        var region = FindChannelRegion(readout, channel, n => _nodePoints[n].Any(p => IsHooked(p.PointName)));
        return region is null ? [] : [.. _nodes.Where((_, i) => region.Contains(i)).Select(n => n.Name)];
    }

    // The readout's one channel back in its place among the others, which this pass did not compute (NaN).
    private Tensor Widened(Tensor channel, string point, long index)
    {
        var shape = channel.shape.ToArray();
        shape[1] = ChannelCount(point);
        var whole = HeldArithmetic.Filled(shape, double.NaN, channel.dtype, channel.device);
        whole.narrow(1, index, 1).copy_(channel);
        return whole;
    }

    // The normalization node that convolution n folds into in this pass, when nothing is asked of the convolution's output.
    private int? Fusable(int n, ForwardPass pass)
    {
        if (pass.Linearized || _fusion.NormAfter(n) is not { } norm) return null;
        var point = _nodePoints[n][0].PointName;
        return pass.Observes(point) || IsHooked(point) ? null : norm;
    }

    private void Release(int n, Tensor?[] values)
    {
        foreach (var slot in _releaseAfter[n])
        {
            values[slot]?.Dispose();
            values[slot] = null;
        }
    }

    /// <summary>
    /// Follows the point back to the graph input through each node's first input: convolutions and pooling map map
    /// position j to input position stride·j + (kernel − 1)·dilation/2 − pad_begin; operations that keep the spatial
    /// size keep positions. Anything else (an explicit Pad, a resize) and maps of another input size than the
    /// model's convention answer null.
    /// </summary>
    public override MapCentre? InputCentreOn(string nameOrAlias, long height, long width) =>
        // Every centre reading of every feature asks this, once per batch: walk the graph once per point and map size.
        _centres.GetOrAdd((Resolve(nameOrAlias), height, width), key => TraceInputCentre(key.Point, key.Height, key.Width));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Point, long Height, long Width), MapCentre?> _centres = new();

    private MapCentre? TraceInputCentre(string value, long height, long width)
    {
        if (ShapeOf(value) is not { Length: 4 } known || known[2] != height || known[3] != width) return null;
        var (sy, oy, sx, ox) = (1.0, 0.0, 1.0, 0.0); // position on `value` = s · position on the point + o
        while (!InputNames.Contains(value))
        {
            var node = _nodes.FirstOrDefault(n => n.Outputs.Contains(value));
            if (node is null || node.Inputs.Count == 0 || !HasPoint(value)) return null;
            var data = node.Inputs[0];
            var inShape = InputNames.Contains(data) ? Input.Shape() : HasPoint(data) ? ShapeOf(data) : null;
            var outShape = ShapeOf(value);
            if (inShape is not { Length: 4 } || outShape.Length != 4) return null;
            if (node.Operator.Window is { Rank: 2 } window)
            {
                var (begin, _) = window.Resolve(inShape);
                double Offset(int i) => (window.Kernel[i] - 1) * window.Dilations[i] / 2.0 - begin[i];
                (sy, oy) = (window.Strides[0] * sy, window.Strides[0] * oy + Offset(0));
                (sx, ox) = (window.Strides[1] * sx, window.Strides[1] * ox + Offset(1));
            }
            else if (inShape[2] != outShape[2] || inShape[3] != outShape[3]) return null;
            value = data;
        }
        return new MapCentre(((Input.Height - 1) / 2.0 - oy) / sy, ((Input.Width - 1) / 2.0 - ox) / sx, sy, sx);
    }

    public override LinearStep? StepInto(string nameOrAlias)
    {
        var node = ProducerOf(nameOrAlias);
        var inputs = node.Inputs;
        Tensor? Weight(int index) => index < inputs.Count && _initializers.TryGetValue(inputs[index], out var w) ? w : null;
        switch (node.OpType)
        {
            case "Conv" when Weight(1) is { } w && node.Operator is ConvOperator conv:
                return new ConvolutionStep(inputs[0], w, conv.Groups);
            case "Gemm" when Weight(1) is { } b && node.Operator is GemmOperator gemm && gemm.WeightMatrix(b) is { } matrix:
                return new ConvolutionStep(inputs[0], matrix.reshape(matrix.shape[0], matrix.shape[1], 1, 1), 1);
            case "MatMul" when Weight(1) is { } b && b.dim() == 2:
                return new ConvolutionStep(inputs[0], b.t().reshape(b.shape[1], b.shape[0], 1, 1), 1);
            case "BatchNormalization" when node.Operator is BatchNormOperator bn && Weight(1) is { Dimensions: 1 } gamma
                                           && Weight(2) is { } beta && Weight(3) is { } mean && Weight(4) is { } variance:
                var scale = bn.Scale(gamma, variance);
                return new ChannelAffineStep(inputs[0], scale, beta - mean * scale);
            case "Add" when Weight(1) is { } bias && bias.numel() == ChannelCount(node.Outputs[0]):
                return new ChannelAffineStep(inputs[0], ones_like(bias.flatten()), bias.flatten());
            case "Concat" when ProducesChannels(node):
                return new ConcatStep(inputs, inputs.Select(ChannelCount).ToList());
            case "Sum" or "Add" when inputs.All(HasPoint):
                return new SumStep(inputs);
            case "Flatten" when ShapeOf(inputs[0]).Skip(2).All(d => d == 1):
            case "MaxPool" or "AveragePool" or "GlobalAveragePool" or "GlobalMaxPool" or "Dropout" or "Identity":
            case var op when OperatorSet.Pointwise.Contains(op):
                return HasPoint(inputs[0]) ? new PassThroughStep(inputs[0], node.OpType) : null;
            default:
                return null;
        }
    }

    private bool ProducesChannels(GraphNode concat) =>
        concat.Operator is ConcatOperator op && concat.Inputs.All(HasPoint)
        && (op.Axis == 1 || op.Axis == 1 - ShapeOf(concat.Outputs[0]).Length);

    // Intermediate values are released right after their last reader, so a forward holds only the live frontier.
    private int[][] PlanReleases()
    {
        var keep = new HashSet<int>(_graphOutputSlots.Concat(_graphInputSlots).Concat(_initializerSlots.Select(s => s.Slot)));
        var lastUse = new Dictionary<int, int>();
        for (var n = 0; n < _nodes.Length; n++)
        {
            foreach (var s in _outputSlots[n]) if (s >= 0) lastUse[s] = n;
            foreach (var s in _inputSlots[n]) if (s >= 0) lastUse[s] = n;
        }
        var plan = Enumerable.Range(0, _nodes.Length).Select(_ => new List<int>()).ToArray();
        foreach (var (slot, node) in lastUse)
            if (!keep.Contains(slot)) plan[node].Add(slot);
        return plan.Select(p => p.ToArray()).ToArray();
    }

    protected override void MoveWeights(Device device)
    {
        _fusion.Reset();
        foreach (var key in _initializers.Keys.ToList())
        {
            var moved = _initializers[key].to(device);
            if (!ReferenceEquals(moved, _initializers[key])) _initializers[key].Dispose();
            _initializers[key] = moved;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var t in _initializers.Values) t.Dispose();
            _fusion.Dispose();
        }
        base.Dispose(disposing);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
