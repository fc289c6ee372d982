using static TorchSharp.torch;

namespace CircuitSpec.Networks;

/// <summary>
/// Everything one forward pass is asked to do, handed to the model for that pass alone (never set on the model, so
/// passes on other threads are not affected): values changed at points, points captured, whether the output is
/// wanted (if not, the pass stops after the last captured point), whether the model is linearized, where the batch
/// fans out, and whether gradients are recorded.
/// </summary>
public sealed record ForwardPlan
{
    /// <summary>A plain pass: the output, no captures, no changes, in inference mode.</summary>
    public static ForwardPlan Output { get; } = new();

    /// <summary>Points whose values (after every change) the pass hands back, by canonical name or alias.</summary>
    public IReadOnlyList<string> Captures { get; init; } = [];

    /// <summary>
    /// Changes applied where a point is produced, in order: each receives the value and returns a replacement, or null
    /// to keep it (an observer).
    /// </summary>
    public IReadOnlyList<PointChange> Changes { get; init; } = [];

    /// <summary>False: the pass ends right after the last captured point and hands back no output.</summary>
    public bool WantsOutput { get; init; } = true;

    /// <summary>
    /// Pointwise non-linearities act as the identity and max pooling as average pooling, so the model is affine in
    /// every activation (the premise of expanded weights).
    /// </summary>
    public bool Linearized { get; init; }

    /// <summary>Repeat the batch at a point (see <see cref="Networks.FanOut"/>); null: no fan-out.</summary>
    public FanOut? FanOut { get; init; }

    /// <summary>Record gradients (otherwise the pass runs in inference mode).</summary>
    public bool Gradients { get; init; }

    /// <summary>
    /// The pass is read at one channel of one captured point alone (a sweep's readout unit): the model may compute the
    /// layers that lead only to that point for that channel alone; the captured value then holds that channel, and NaN
    /// in the others. Null: every channel.
    /// </summary>
    public ChannelReadout? OnlyChannel { get; init; }

    /// <summary>
    /// Values the pass takes for points instead of computing them (the stimuli's activation there, computed before):
    /// the layers that lead only to these points are not run, and everything from them on is computed as usual
    /// (changes, captures and the fan-out at a starting point apply to its value).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Starts { get; init; } = new Dictionary<string, Tensor>();

    public ForwardPlan Capturing(params string[] points) => this with { Captures = [.. Captures, .. points] };

    public ForwardPlan Changing(string point, Func<Tensor, Tensor?> change) => this with { Changes = [.. Changes, new PointChange(point, change)] };

    public ForwardPlan StoppingAfterCaptures() => this with { WantsOutput = false };

    /// <summary>The pass starts from <paramref name="value"/> at <paramref name="point"/> (see <see cref="Starts"/>); the value stays the caller's.</summary>
    public ForwardPlan StartingFrom(string point, Tensor value) =>
        this with { Starts = new Dictionary<string, Tensor>(Starts, StringComparer.Ordinal) { [point] = value } };
}

/// <summary>A change applied to a point's value as it is produced (see <see cref="ForwardPlan.Changes"/>).</summary>
public sealed record PointChange(string Point, Func<Tensor, Tensor?> Change)
{
    /// <summary>
    /// Where the change alters at most one channel (dimension 1) of each row of the batch: that channel, row by row (any
    /// channel for a row it leaves alone). A model may rely on it instead of comparing the values before and after (a
    /// sweep's convolutions then read each row's changed channel alone). Null: the change may alter anything.
    /// </summary>
    public IReadOnlyList<long>? ChannelPerRow { get; init; }
}

/// <summary>
/// The batch is repeated <paramref name="Copies"/> times along dimension 0 where <paramref name="Point"/> is produced,
/// with every batched value still live there (skip connections, an attention mask): the layers before it run once,
/// those after it on every copy (a sweep's variants then share their prefix).
/// </summary>
public sealed record FanOut(string Point, int Copies);

/// <summary>One channel of one point (see <see cref="ForwardPlan.OnlyChannel"/>).</summary>
public sealed record ChannelReadout(string Point, long Channel);

/// <summary>What a forward pass handed back: the captured points (by canonical name) and the output, if wanted.</summary>
public sealed record ForwardResult(IReadOnlyDictionary<string, Tensor> Captured, Tensor? Output);

/// <summary>
/// A <see cref="ForwardPlan"/> resolved against one model for one pass: the model calls <see cref="Produced"/> with
/// every point's value as it is produced and stops when told to.
/// </summary>
public sealed class ForwardPass
{
    private readonly Dictionary<string, Func<Tensor, Tensor?>[]> _changes;
    private readonly Dictionary<string, IReadOnlyList<long>> _channelPerRow = new(StringComparer.Ordinal);
    private readonly HashSet<string> _captures;
    private readonly Dictionary<string, Tensor> _captured = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _starts;
    private readonly string? _stopAfter;

    /// <summary>The plain pass: no changes, no captures, to the output.</summary>
    public static ForwardPass Plain { get; } = new();

    private ForwardPass()
    {
        _changes = new(StringComparer.Ordinal);
        _captures = new(StringComparer.Ordinal);
        _starts = new(StringComparer.Ordinal);
    }

    internal ForwardPass(Network model, ForwardPlan plan)
    {
        var byPoint = plan.Changes.GroupBy(c => model.Resolve(c.Point), StringComparer.Ordinal).ToList();
        _changes = byPoint.ToDictionary(g => g.Key, g => g.Select(c => c.Change).ToArray(), StringComparer.Ordinal);
        foreach (var group in byPoint)
            if (group.Count() == 1 && group.Single().ChannelPerRow is { } channels) _channelPerRow[group.Key] = channels;
        _captures = plan.Captures.Select(model.Resolve).ToHashSet(StringComparer.Ordinal);
        _starts = plan.Starts.ToDictionary(s => model.Resolve(s.Key), s => s.Value, StringComparer.Ordinal);
        Linearized = plan.Linearized;
        FanOut = plan.FanOut is { } fan ? fan with { Point = model.Resolve(fan.Point) } : null;
        if (!plan.WantsOutput)
        {
            if (_captures.Count == 0)
                throw new Errors.CircuitSpecException($"A forward pass of model '{model.ModelName}' that wants no output must capture at least one point.");
            var order = model.PointNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
            _stopAfter = _captures.MaxBy(p => order[p]);
        }
        // Only where nothing reads past the readout: the pass ends there, and its other channels are never computed.
        OnlyChannel = plan.OnlyChannel is { } only && !plan.Linearized && _captures.Count == 1 && _stopAfter == model.Resolve(only.Point)
            ? only with { Point = _stopAfter } : null;
    }

    /// <summary>Pointwise non-linearities act as the identity and max pooling as average pooling in this pass.</summary>
    public bool Linearized { get; }

    /// <summary>Where the batch is repeated (canonical point), if anywhere.</summary>
    public FanOut? FanOut { get; }

    /// <summary>The one channel the pass is read at (canonical point), if only one (see <see cref="ForwardPlan.OnlyChannel"/>).</summary>
    public ChannelReadout? OnlyChannel { get; }

    /// <summary>Whether the pass runs to the model's output (it stops after its last capture otherwise).</summary>
    public bool WantsOutput => _stopAfter is null;

    /// <summary>The points the pass starts from, with their values (canonical names; see <see cref="ForwardPlan.Starts"/>).</summary>
    public IReadOnlyDictionary<string, Tensor> Starts => _starts;

    /// <summary>The points the pass must compute, or start from: captures, changes, the fan-out and the one-channel readout.</summary>
    public IEnumerable<string> Asked => _captures.Concat(_changes.Keys).Concat(FanOut is { } fan ? [fan.Point] : []).Concat(OnlyChannel is { } only ? [only.Point] : []);

    /// <summary>The captured points' values (aliases that outlive the graph's own release of the value).</summary>
    public IReadOnlyDictionary<string, Tensor> Captured => _captured;

    /// <summary>
    /// Whether the plan asks anything of the point (a capture, a change, the fan-out, the stop, a start): where it asks
    /// nothing, the model may compute past the point on a fused path that never materializes it.
    /// </summary>
    public bool Observes(string point) =>
        _captures.Contains(point) || _changes.ContainsKey(point) || FanOut?.Point == point || _stopAfter == point || _starts.ContainsKey(point);

    /// <summary>
    /// The one channel each row of the batch may differ in after the plan's change at <paramref name="point"/> (see
    /// <see cref="PointChange.ChannelPerRow"/>), where a single change there says so; null otherwise.
    /// </summary>
    public IReadOnlyList<long>? ChannelPerRow(string point) => _channelPerRow.GetValueOrDefault(point);

    /// <summary>
    /// Applies the plan where <paramref name="point"/> is produced; returns the value the pass continues with and
    /// whether the pass is done (everything it was run for is known).
    /// </summary>
    public (Tensor Value, bool Done) Produced(string point, Tensor value)
    {
        if (_changes.TryGetValue(point, out var changes))
            foreach (var change in changes)
                value = change(value) ?? value;
        if (_captures.Contains(point)) _captured[point] = value.alias();
        return (value, point == _stopAfter);
    }

    internal void ThrowIfMissing(Network model)
    {
        var missing = _captures.Where(p => !_captured.ContainsKey(p)).ToList();
        if (missing.Count > 0)
            throw new Errors.CircuitSpecException($"Model '{model.ModelName}' did not compute {string.Join(", ", missing)} in this forward pass.");
    }
}
