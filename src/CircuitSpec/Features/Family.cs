using System.Collections;
using CircuitSpec.Errors;

namespace CircuitSpec.Features;

/// <summary>A named set of units that a claim treats together, e.g. "mixed3b curve detectors".</summary>
public sealed class Family : IReadOnlyList<Unit>
{
    private readonly Unit[] _units;

    public Family(string name, IEnumerable<Unit> units)
    {
        _units = units.ToArray();
        if (_units.Length == 0) throw new InvalidClaimException($"family '{name}'", "it has no members, so any claim about it would have nothing to test");
        if (_units.Select(u => u.Model).Distinct().Count() > 1)
            throw new InvalidClaimException($"family '{name}'", $"its units come from different models ({string.Join(", ", _units.Select(u => u.Model.ModelName).Distinct())})");
        Name = name;
    }

    public string Name { get; }

    public Unit this[int index] => _units[index];

    public int Count => _units.Length;

    public IEnumerator<Unit> GetEnumerator() => ((IEnumerable<Unit>)_units).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Name} ({string.Join(", ", _units.Select(u => u.Label))})";
}
