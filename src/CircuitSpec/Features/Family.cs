using System.Collections;

namespace CircuitSpec.Features;

/// <summary>A named set of units that a claim treats together, e.g. "mixed3b curve detectors".</summary>
public sealed class Family(string name, IEnumerable<Unit> units) : IReadOnlyList<Unit>
{
    private readonly Unit[] _units = units.ToArray();

    public string Name { get; } = name;

    public Unit this[int index] => _units[index];

    public int Count => _units.Length;

    public IEnumerator<Unit> GetEnumerator() => ((IEnumerable<Unit>)_units).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Name} ({string.Join(", ", _units.Select(u => u.Label))})";
}
