using CircuitSpec.Errors;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Networks;

/// <summary>
/// An executable model whose every intermediate activation is a named <see cref="HookPoint"/>. Loaders (ONNX, Caffe,
/// TF.js Layers, hand-built planted circuits) derive from it; probes, interventions and claims only see this class.
/// </summary>
public abstract class Network : nn.Module<Tensor, Tensor>
{
    private readonly Dictionary<string, HookPoint> _points = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, string> _operators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

    protected Network(string name, InputConvention input) : base(name)
    {
        TorchRuntime.EnsureLoaded();
        ModelName = name;
        Input = input;
    }

    /// <summary>The model's name as shown in messages and reports.</summary>
    public string ModelName { get; }

    /// <summary>What the model expects at its input.</summary>
    public InputConvention Input { get; protected set; }

    /// <summary>The device its weights live on; inputs are moved there by the probing API.</summary>
    public Device Device { get; private set; } = CPU;

    /// <summary>Canonical point names, in execution order.</summary>
    public IReadOnlyList<string> PointNames => _order;

    /// <summary>Friendly name → canonical name.</summary>
    public IReadOnlyDictionary<string, string> Aliases => _aliases;

    /// <summary>Every name (canonical and alias) that <see cref="Point"/> accepts.</summary>
    public IEnumerable<string> AllNames => _order.Concat(_aliases.Keys);

    /// <summary>Resolves a canonical name or alias; an unknown name lists the nearest valid ones.</summary>
    public string Resolve(string nameOrAlias)
    {
        if (_points.ContainsKey(nameOrAlias)) return nameOrAlias;
        if (_aliases.TryGetValue(nameOrAlias, out var canonical)) return canonical;
        throw new UnknownPointException(ModelName, nameOrAlias, AllNames);
    }

    /// <summary>The friendliest name of a point for messages: its shortest alias, or its canonical name.</summary>
    public string DisplayName(string nameOrAlias)
    {
        var name = Resolve(nameOrAlias);
        return _aliases.Where(a => a.Value == name).Select(a => a.Key).OrderBy(a => a.Length).ThenBy(a => a, StringComparer.Ordinal).FirstOrDefault() ?? name;
    }

    public HookPoint Point(string nameOrAlias) => _points[Resolve(nameOrAlias)];

    // Points with a module hook registered through a HookScope: a fused segment must not skip their call.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _hooked = new(StringComparer.Ordinal);

    internal void HookAdded(string point) => _hooked.AddOrUpdate(point, 1, (_, n) => n + 1);

    internal void HookRemoved(string point) => _hooked.AddOrUpdate(point, 0, (_, n) => Math.Max(0, n - 1));

    /// <summary>Whether a hook (a <see cref="Activations.HookScope"/>) is registered on the point.</summary>
    protected bool IsHooked(string point) => _hooked.TryGetValue(point, out var n) && n > 0;

    // What is computed from the weights alone (expanded weights: a linearized forward and backward pass each), the last
    // 64 kept: a model's weights do not change after it is built.
    private const int DerivedKept = 64;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<object, Lazy<object>> _derived = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<object> _derivedOrder = new();

    /// <summary>The value derived from the weights under <paramref name="key"/>, made by <paramref name="make"/> once (the last 64 are kept; a failure is not).</summary>
    internal T Derived<T>(object key, Func<T> make) where T : class
    {
        var entry = new Lazy<object>(() => make(), LazyThreadSafetyMode.PublicationOnly);
        var kept = _derived.GetOrAdd(key, entry);
        if (ReferenceEquals(kept, entry))
        {
            _derivedOrder.Enqueue(key);
            while (_derivedOrder.Count > DerivedKept && _derivedOrder.TryDequeue(out var oldest)) _derived.TryRemove(oldest, out _);
        }
        return (T)kept.Value;
    }

    public bool HasPoint(string nameOrAlias) => _points.ContainsKey(nameOrAlias) || _aliases.ContainsKey(nameOrAlias);

    /// <summary>The operator that produced a point ("Conv", "Relu", ...).</summary>
    public string OperatorOf(string nameOrAlias) => _operators[Resolve(nameOrAlias)];

    /// <summary>Adds a friendly name for a point, e.g. "layer1.0" for an ONNX value name.</summary>
    public void AddAlias(string alias, string target)
    {
        var canonical = Resolve(target);
        if (_points.ContainsKey(alias))
            throw new CircuitSpecException($"Alias '{alias}' would hide the point of the same name in model '{ModelName}'.");
        if (_aliases.TryGetValue(alias, out var existing) && existing != canonical)
            throw new CircuitSpecException($"Alias '{alias}' already names '{existing}' in model '{ModelName}', not '{canonical}'.");
        _aliases[alias] = canonical;
    }

    /// <summary>Declares a named activation point; call it in execution order while building the model.</summary>
    protected HookPoint AddPoint(string name, string producedBy)
    {
        if (_points.ContainsKey(name))
            throw new CircuitSpecException($"Model '{ModelName}' declares the activation point '{name}' twice.");
        var point = new HookPoint(name);
        _points.Add(name, point);
        _order.Add(name);
        _operators[name] = producedBy;
        return point;
    }

    /// <summary>
    /// Every point with its shape for a batch of one input of the model's convention (one forward with zeros),
    /// in execution order.
    /// </summary>
    public IReadOnlyList<ActivationPoint> DescribePoints(long[]? inputShape = null)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var plan = ForwardPlan.Output with
        {
            Changes = _order.Select(name => new PointChange(name, output =>
            {
                shapes[name] = output.shape;
                return null;
            })).ToList(),
        };
        using (NewDisposeScope())
            Execute(zeros(inputShape ?? Input.Shape(), device: Device), plan);
        var aliasesOf = _aliases.GroupBy(a => a.Value).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(a => a.Key).Order().ToList());
        return _order
            .Where(shapes.ContainsKey)
            .Select(n => new ActivationPoint(n, aliasesOf.GetValueOrDefault(n, []), shapes[n], _operators[n]))
            .ToList();
    }

    private Dictionary<string, long[]>? _shapes;

    /// <summary>A point's shape [1, C, H, W] for one input of the model's convention (measured once, then cached).</summary>
    public long[] ShapeOf(string nameOrAlias)
    {
        var name = Resolve(nameOrAlias);
        _shapes ??= DescribePoints().ToDictionary(p => p.Name, p => p.Shape, StringComparer.Ordinal);
        return _shapes.TryGetValue(name, out var shape)
            ? shape
            : throw new CircuitSpecException($"Point '{nameOrAlias}' of model '{ModelName}' is not computed for an input of the model's convention.");
    }

    /// <summary>
    /// Where the centre of the input image lies on a point's map of <paramref name="height"/> × <paramref name="width"/>
    /// positions, as a continuous (row, column) through the strides and padding of the layers before it, with the
    /// input distance between neighbouring positions; null when the model cannot say (the map's own centre is then used).
    /// </summary>
    public virtual MapCentre? InputCentreOn(string nameOrAlias, long height, long width) => null;

    /// <summary>A point's channel count (dimension 1).</summary>
    public long ChannelCount(string nameOrAlias)
    {
        var shape = ShapeOf(nameOrAlias);
        return shape.Length > 1 ? shape[1] : 1;
    }

    /// <summary>
    /// How the model computed a point, for weight reading (see <see cref="LinearStep"/>); null where the model cannot
    /// say (an operation that is neither linear nor channel-preserving, or a model that does not expose its weights).
    /// </summary>
    public virtual LinearStep? StepInto(string nameOrAlias) => null;

    /// <summary>
    /// Runs one forward pass as <paramref name="plan"/> asks (see <see cref="ForwardPlan"/>). The plan belongs to this
    /// pass alone: passes on other threads are unaffected. Hooks registered with <c>model.Hooks(...)</c> fire too.
    /// </summary>
    public ForwardResult Execute(Tensor input, ForwardPlan plan) => Execute([input], plan);

    /// <summary>Runs one forward pass of a model with several inputs (in the model's input order).</summary>
    public ForwardResult Execute(Tensor[] inputs, ForwardPlan plan)
    {
        var pass = new ForwardPass(this, plan);
        Tensor? output;
        using (plan.Gradients ? (IDisposable)enable_grad() : inference_mode())
            output = Evaluate(inputs, pass);
        pass.ThrowIfMissing(this);
        return new ForwardResult(pass.Captured, output);
    }

    /// <summary>
    /// Runs the model on its inputs, handing every point's value to <paramref name="pass"/> as it is produced (after the
    /// point's own hooks); returns the first output, or null when the pass said it was done before the end.
    /// </summary>
    protected abstract Tensor? Evaluate(Tensor[] inputs, ForwardPass pass);

    /// <summary>Moves the model's weights to a device ("cpu", "cuda", "cuda:1").</summary>
    public Network ToDevice(string device) => ToDevice(TorchRuntime.ParseDevice(device));

    public Network ToDevice(Device device)
    {
        MoveWeights(device);
        Device = device;
        return this;
    }

    /// <summary>Moves every tensor the model owns to <paramref name="device"/>.</summary>
    protected abstract void MoveWeights(Device device);

    /// <summary>The total number of weights (parameters and buffers that are learned, not running statistics alone).</summary>
    public abstract long ParameterCount { get; }
}

/// <summary>
/// The input image's centre on a map: continuous (row, column), and how many input pixels apart neighbouring map
/// positions are (the layers' accumulated stride).
/// </summary>
public sealed record MapCentre(double Y, double X, double StrideY, double StrideX);
