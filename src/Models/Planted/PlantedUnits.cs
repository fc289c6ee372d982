using CircuitSpec.Features;
using CircuitSpec.Networks;
using static CircuitSpec.Models.Planted.PlantedCircuit;

namespace CircuitSpec.Models.Planted;

/// <summary>The planted circuit's units by role: <c>m.Curve(2)</c> is curve detector 2, after its ReLU.</summary>
public static class PlantedUnits
{
    public static Unit Edge(this Network m, int k) => m.Unit($"edges_relu:{k}");
    public static Unit Curve(this Network m, int j) => m.Unit($"curves_relu:{j}");
    public static Unit CircleDetector(this Network m) => m.Unit("circles_relu:0");
    public static Family CurveFamily(this Network m) => new("curve detectors", Enumerable.Range(0, CurveUnits).Select(m.Curve));
}
