using CircuitSpec.Features;
using CircuitSpec.Networks;

namespace CircuitSpec.Tests.BadClaims;

/// <summary>The planted circuit's units by role, for claims that are wrong in form rather than in fact.</summary>
internal static class PlantedUnits
{
    public static Unit Edge(this Network m, int k) => m.Unit($"edges_relu:{k}");
    public static Unit Curve(this Network m, int j) => m.Unit($"curves_relu:{j}");
    public static Unit Circle(this Network m) => m.Unit("circles_relu:0");
    public static Family Curves(this Network m) => new("curve detectors", Enumerable.Range(0, 8).Select(j => m.Curve(j)));
}
