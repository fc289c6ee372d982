using CircuitSpec.Networks;

namespace CircuitSpec.Tests.Support;

public static class PointShapes
{
    /// <summary>Friendly name → shape, for one input of the model's convention.</summary>
    public static Dictionary<string, long[]> ShapesByAlias(this Network model) =>
        model.DescribePoints().SelectMany(p => p.Aliases.Select(a => (Alias: a, p.Shape))).ToDictionary(p => p.Alias, p => p.Shape);
}
