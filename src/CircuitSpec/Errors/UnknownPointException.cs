using CircuitSpec.Text;

namespace CircuitSpec.Errors;

/// <summary>A layer (activation point) name that the model does not have.</summary>
public sealed class UnknownPointException : CircuitSpecException
{
    public UnknownPointException(string modelName, string name, IEnumerable<string> validNames)
        : this(modelName, name, NearestNames.Find(name, validNames)) { }

    private UnknownPointException(string modelName, string name, IReadOnlyList<string> nearest)
        : base($"Model '{modelName}' has no activation point '{name}'." +
               (nearest.Count > 0 ? $" Nearest valid names: {string.Join(", ", nearest)}." : "") +
               " List all points with Network.DescribePoints() or `circuitspec inspect`.")
    {
        Name = name;
        Nearest = nearest;
    }

    public string Name { get; }
    public IReadOnlyList<string> Nearest { get; }
}
