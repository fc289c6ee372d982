using CircuitSpec.Measurements;
using CircuitSpec.Models.Graph;
using CircuitSpec.Networks;

namespace CircuitSpec.Models.Planted;

/// <summary>
/// A small convolutional network whose circuits are known because its weights are set by hand, after the examples of
/// "Zoom In" (Olah et al., 2020). Input: 48×48 RGB in [0, 1]. Activation points: "edges"/"edges_relu",
/// "curves"/"curves_relu", "circles"/"circles_relu".
/// <list type="bullet">
/// <item>edges:0–11 — oriented edge detectors: unit k fires where brightness rises along direction 30·k degrees
/// (it prefers <c>Edge(30·k − 90)</c>); edges:12–14 — red, green and blue colour-opponent units.</item>
/// <item>curves:0–7 — curve detectors: unit j prefers arcs of radius 12 whose convex side faces 45·j degrees. Its
/// kernel holds the edge detectors along the arc's tangent (positive weight at each point of the arc, from the
/// edge unit whose direction is the arc's normal there) and the edge detectors of the opposite arc (negative).</item>
/// <item>curves:8 — an AND unit, "red above blue" (the car detector's windows above and wheels below): red at the top
/// of its kernel, blue at the bottom, and a bias that neither half overcomes alone.</item>
/// <item>curves:9 — a polysemantic unit: the 90° curve detector's kernel plus green at its centre.</item>
/// <item>circles:0 — a circle detector for circles of radius 12: each curve detector at the kernel position its
/// orientation points to, and a bias that a single arc does not overcome.</item>
/// </list>
/// </summary>
public static class PlantedCircuit
{
    public const int Size = 48;

    /// <summary>The radius (pixels) of the arcs the curve detectors are built for, and of the circle detector's circle.</summary>
    public const double Radius = 12;

    public const int EdgeUnits = 12, Red = 12, Green = 13, Blue = 14;
    public const int CurveUnits = 8, AndUnit = 8, PolysemanticUnit = 9;
    public const int CircleUnit = 0;

    /// <summary>The direction (degrees) along which edges:k's brightness rises.</summary>
    public static double EdgeDirection(int unit) => 30.0 * unit;

    /// <summary>The orientation (degrees) curves:j's preferred arcs face.</summary>
    public static double CurveOrientation(int unit) => 45.0 * unit;

    /// <summary>The edge units whose direction lies within <paramref name="within"/> degrees of <paramref name="direction"/>.</summary>
    public static int[] EdgesNear(double direction, double within = 30) =>
        Enumerable.Range(0, EdgeUnits).Where(k => Circular.Distance(EdgeDirection(k), direction, 360) <= within + 1e-9).ToArray();

    /// <summary>The network with its planted weights, optionally mutated (for checking that claims catch a broken circuit).</summary>
    public static GraphNetwork Build(WeightMutation? mutation = null)
    {
        var weights = PlantedWeights.Create();
        try
        {
            mutation?.Apply(weights);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
        var builder = new GraphBuilder("planted circuit", 13).AddInput("image");
        foreach (var (initializer, value) in weights.Named()) builder.AddInitializer(initializer, value);
        Convolution(builder, "edges", "image", PlantedWeights.EdgeKernel);
        builder.AddNode("edges_relu_node", "Relu", ["edges"], ["edges_relu"], builder.Attributes("edges_relu_node"));
        Convolution(builder, "curves", "edges_relu", PlantedWeights.CurveKernel);
        builder.AddNode("curves_relu_node", "Relu", ["curves"], ["curves_relu"], builder.Attributes("curves_relu_node"));
        Convolution(builder, "circles", "curves_relu", PlantedWeights.CircleKernel);
        builder.AddNode("circles_relu_node", "Relu", ["circles"], ["circles_relu"], builder.Attributes("circles_relu_node"));
        builder.AddOutput("circles_relu");
        var name = mutation is null ? "planted circuit" : $"planted circuit ({mutation})";
        return builder.Build(name, InputConvention.UnitRgb(Size, "RGB 0..1"));
    }

    private static void Convolution(GraphBuilder builder, string layer, string input, int kernel)
    {
        var pad = (long)kernel / 2;
        builder.AddNode(layer, "Conv", [input, layer + ".weight", layer + ".bias"], [layer],
            builder.Attributes(layer).Set("kernel_shape", new long[] { kernel, kernel }).Set("pads", new[] { pad, pad, pad, pad }));
    }
}
