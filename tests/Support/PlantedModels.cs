using CircuitSpec.Models.Graph;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Support;

/// <summary>Small hand-built models whose features are known by construction.</summary>
internal static class PlantedModels
{
    /// <summary>
    /// One 7×7 convolution ("edges", then "edges_relu") whose unit k measures the brightness gradient along direction
    /// φ_k (degrees, counter-clockwise from right, y up) — an oriented edge detector preferring Edge(φ_k − 90°).
    /// Unit k + count is an even "line" kernel (second derivative across φ_k), which responds alike to a line and its
    /// half-turn. Input: RGB in [0, 1], <paramref name="size"/>².
    /// </summary>
    public static GraphNetwork OrientedEdges(double[] directions, int size = 64)
    {
        var k = directions.Length;
        var weights = new float[2 * k * 3 * 7 * 7];
        for (var unit = 0; unit < 2 * k; unit++)
        {
            var phi = directions[unit % k] * Math.PI / 180;
            for (var row = 0; row < 7; row++)
            for (var column = 0; column < 7; column++)
            {
                var (x, y) = (column - 3.0, 3.0 - row);
                var along = x * Math.Cos(phi) + y * Math.Sin(phi);
                var envelope = Math.Exp(-(x * x + y * y) / 8);
                var value = unit < k ? along * envelope : (1 - along * along / 2) * envelope;
                for (var c = 0; c < 3; c++) weights[((unit * 3 + c) * 7 + row) * 7 + column] = (float)(value / 3);
            }
        }
        return Convolution("oriented edges", tensor(weights, [2L * k, 3, 7, 7]), size);
    }

    /// <summary>
    /// A 1×1 colour-opponent convolution ("edges", "edges_relu"): unit 0 is red minus the mean of green and blue,
    /// unit 1 green minus red and blue, unit 2 blue minus red and green.
    /// </summary>
    public static GraphNetwork ColourOpponents(int size = 32)
    {
        var weights = eye(3).Times(1.5f).Minus(0.5f);
        return Convolution("colour opponents", weights.reshape(3, 3, 1, 1), size);
    }

    /// <summary>A random 5×5 convolution ("edges", "edges_relu") with <paramref name="units"/> units, output channels permuted by <paramref name="permutation"/>.</summary>
    public static GraphNetwork RandomConvolution(int units, ulong seed, int[]? permutation = null, int size = 64)
    {
        var weights = Seeded.Normal([units, 3, 5, 5], seed: seed);
        if (permutation is not null) weights = weights.index_select(0, tensor(permutation.Select(p => (long)p).ToArray()));
        return Convolution("random", weights, size);
    }

    /// <summary>
    /// Two layers with planted signs: "a" (3 units, 3×3 from the image, then "a_relu") feeds "b" (2 units, 3×3).
    /// b:0 gets positive weight from a:0 on the top row of its kernel only, negative weight from a:1 everywhere, and
    /// nearly nothing from a:2; b:1 gets the opposite signs.
    /// </summary>
    public static GraphNetwork TwoLayers()
    {
        var first = Seeded.Normal([3, 3, 3, 3], seed: 12);
        var second = zeros(2, 3, 3, 3);
        second[0, 0, 0] = tensor(new[] { 0.5f, 1f, 0.5f });
        second[0, 1] = HeldArithmetic.Filled([3, 3], -0.25f);
        second[0, 2] = HeldArithmetic.Filled([3, 3], 0.001f);
        second[1] = -second[0];
        var builder = new GraphBuilder("two layers", 13).AddInput("image").AddInitializer("w1", first).AddInitializer("w2", second);
        var three = new long[] { 3, 3 };
        var pads = new long[] { 1, 1, 1, 1 };
        builder.AddNode("a", "Conv", ["image", "w1"], ["a"], builder.Attributes("a").Set("kernel_shape", three).Set("pads", pads));
        builder.AddNode("ra", "Relu", ["a"], ["a_relu"], builder.Attributes("ra"));
        builder.AddNode("b", "Conv", ["a_relu", "w2"], ["b"], builder.Attributes("b").Set("kernel_shape", three).Set("pads", pads));
        builder.AddOutput("b");
        return builder.Build("two layers", InputConvention.UnitRgb(32, "RGB 0..1"));
    }

    /// <summary>
    /// A unit that is silent in exact arithmetic but not in float32: "edges" holds an edge detector for 0° and the same
    /// kernel × 3.1; "mix" (1×1) gives mix:0 = 3.1 · edges:0 − edges:1 — zero but for rounding residue — and mix:1 = edges:0,
    /// a real edge detector. No ReLU, so the residue keeps its sign.
    /// </summary>
    public static GraphNetwork SilentByCancellation(int size = 64)
    {
        using var edges = OrientedEdges([0], size);
        var kernel = edges.Initializers["w"][0];
        var first = stack([kernel, kernel.Times(3.1f)]);
        var mix = tensor(new[] { 3.1f, -1f, 1f, 0f }, [2L, 2, 1, 1]);
        var builder = new GraphBuilder("silent by cancellation", 13).AddInput("image").AddInitializer("w", first).AddInitializer("m", mix);
        builder.AddNode("edges", "Conv", ["image", "w"], ["edges"], builder.Attributes("edges").Set("kernel_shape", new long[] { 7, 7 }).Set("pads", new long[] { 3, 3, 3, 3 }));
        builder.AddNode("mix", "Conv", ["edges", "m"], ["mix"], builder.Attributes("mix").Set("kernel_shape", new long[] { 1, 1 }));
        builder.AddOutput("mix");
        return builder.Build("silent by cancellation", InputConvention.UnitRgb(size, "RGB 0..1"));
    }

    /// <summary>
    /// The oriented edge detectors of <see cref="OrientedEdges"/> with a stride: a 7×7 convolution with stride
    /// <paramref name="stride"/> ("edges"), a ReLU ("edges_relu"), then 2×2 max pooling with stride 2 ("pooled").
    /// </summary>
    public static GraphNetwork PooledEdges(double[] directions, int size, int stride = 1)
    {
        using var plain = OrientedEdges(directions, size);
        var builder = new GraphBuilder("pooled edges", 13).AddInput("image").AddInitializer("w", plain.Initializers["w"].clone());
        builder.AddNode("edges", "Conv", ["image", "w"], ["edges"], builder.Attributes("edges").Set("kernel_shape", new long[] { 7, 7 })
            .Set("pads", new long[] { 3, 3, 3, 3 }).Set("strides", new long[] { stride, stride }));
        builder.AddNode("relu", "Relu", ["edges"], ["edges_relu"], builder.Attributes("relu"));
        builder.AddNode("pool", "MaxPool", ["edges_relu"], ["pooled"], builder.Attributes("pool").Set("kernel_shape", new long[] { 2, 2 }).Set("strides", new long[] { 2, 2 }));
        builder.AddOutput("pooled");
        return builder.Build("pooled edges", InputConvention.UnitRgb(size, "RGB 0..1"));
    }

    private static GraphNetwork Convolution(string name, Tensor weights, int size)
    {
        var pad = weights.shape[2] / 2;
        var builder = new GraphBuilder(name, 13).AddInput("image").AddInitializer("w", weights);
        builder.AddNode("edges", "Conv", ["image", "w"], ["edges"],
            builder.Attributes("edges").Set("kernel_shape", new[] { weights.shape[2], weights.shape[3] }).Set("pads", new[] { pad, pad, pad, pad }));
        builder.AddNode("relu", "Relu", ["edges"], ["edges_relu"], builder.Attributes("relu"));
        builder.AddOutput("edges_relu");
        return builder.Build(name, InputConvention.UnitRgb(size, "RGB 0..1"));
    }
}
