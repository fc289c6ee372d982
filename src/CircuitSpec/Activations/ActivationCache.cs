using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Activations;

/// <summary>
/// Activations captured by <c>model.RunWithCache(…)</c>: the requested points only, detached from any graph and
/// owned by the caller (dispose the cache to free them). Indexed by canonical name or alias.
/// </summary>
public sealed class ActivationCache : IDisposable
{
    private readonly Dictionary<string, Tensor> _values;

    internal ActivationCache(Network model, Dictionary<string, Tensor> values)
    {
        Model = model;
        _values = values;
        foreach (var t in values.Values) t.DetachFromDisposeScope();
    }

    public Network Model { get; }

    /// <summary>The canonical names of the captured points.</summary>
    public IReadOnlyCollection<string> Names => _values.Keys;

    public bool Contains(string nameOrAlias) => Model.HasPoint(nameOrAlias) && _values.ContainsKey(Model.Resolve(nameOrAlias));

    /// <summary>A captured activation. The cache keeps ownership: clone it to keep it beyond the cache.</summary>
    public Tensor this[string nameOrAlias]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var name = Model.Resolve(nameOrAlias);
            return _values.TryGetValue(name, out var t)
                ? t
                : throw new CircuitSpecException($"Point '{nameOrAlias}' was not captured; this cache holds {string.Join(", ", _values.Keys.Select(Model.DisplayName))}. " +
                                                 "Name it in RunWithCache.");
        }
    }

    /// <summary>A feature's value per example (its spatial reading applied).</summary>
    public float[] Read(Feature feature)
    {
        using var scope = NewDisposeScope();
        return feature.Read(this[feature.Point]).to(ScalarType.Float32).cpu().data<float>().ToArray();
    }

    /// <summary>Each member of a family per example: [example][member].</summary>
    public float[][] Read(Family family)
    {
        var columns = family.Select(Read).ToArray();
        return Enumerable.Range(0, columns.Length == 0 ? 0 : columns[0].Length)
            .Select(i => columns.Select(c => c[i]).ToArray()).ToArray();
    }

    private bool _disposed;

    public void Dispose()
    {
        foreach (var t in _values.Values) t.Dispose();
        _values.Clear();
        _disposed = true;
    }
}
