using CircuitSpec.Measurements;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using static CircuitSpec.Models.Onnx.OnnxWriter;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.GroundTruth.PlantedLogic;

/// <summary>
/// The second planted model, with geometry unlike the first (<see cref="PlantedCircuit"/>): a 40×40 input, 5×5 and
/// 1×1 kernels, batch norm with negative scales, 2×2 max pooling and a strided convolution. The tests write it as an
/// ONNX file and load it through <see cref="OnnxLoader"/>, the path a user's model takes.
/// <list type="bullet">
/// <item>simple:0–7 (5×5 conv → BatchNorm "simple_bn" → "simple_relu"): oriented edge detectors; unit k fires where
/// brightness rises along 45·k degrees (it prefers <c>Edge(45·k − 90)</c>). The odd units' convolution kernels
/// detect the opposite direction and their batch norm scale is negative, which turns them round.
/// simple:8 is 3.1 × simple:0's kernel.</item>
/// <item>"pool": 2×2 max pooling, stride 2 (20×20).</item>
/// <item>logic:0–5 (5×5 conv on the pooled map → "logic_bn" → "logic_relu"): 0 OR (rising along 0° or 90°),
/// 1 AND (both at once: diagonal edges rising along 45°), 2 fed only from the left side of its kernel (simple:0 in the
/// left column; its convolution is negated and its batch norm scale negative), 3 silent in exact arithmetic
/// (3.1·simple:0 − simple:8: float32 leaves only rounding residue), 4 and 5 the diagonal detectors simple:1 and
/// simple:7 passed on — together, not alone, a direction tuned to 0°.</item>
/// <item>xor:0 (1×1 conv, stride 2 → "xor_relu", 10×10): OR − 3·AND, rising along 0° or 90° but not both.</item>
/// </list>
/// </summary>
public static class LogicCircuit
{
    public const int Size = 40;
    public const int EdgeUnits = 8, Copy = 8;
    public const int Or = 0, And = 1, OneSided = 2, Silent = 3, DiagonalUp = 4, DiagonalDown = 5;
    public const float CopyFactor = 3.1f;
    private const int EdgeKernel = 5, LogicKernel = 5;
    private const float OrBias = -0.3f, AndWeight = 2f, AndBias = -2.3f, XorInhibition = 3f;
    private const float NegativeScale = -0.8f;

    /// <summary>The direction (degrees) along which simple:k's brightness rises.</summary>
    public static double EdgeDirection(int unit) => 45.0 * unit;

    /// <summary>The orientation of the <see cref="CircuitSpec.Stimuli.Edge"/> whose brightness rises along <paramref name="direction"/>.</summary>
    public static double EdgeOrientation(double direction) => Circular.Wrap(direction - 90, 360);

    /// <summary>Writes the model (optionally with one unit's weights mutated) into <paramref name="folder"/> and loads the file.</summary>
    public static GraphNetwork Load(string folder, WeightMutation? mutation = null)
    {
        var file = Path.Combine(folder, mutation is null ? "planted-logic.onnx" : $"planted-logic-{mutation.Layer}-{mutation.Unit}-{mutation.Kind}.onnx");
        Write(file, mutation);
        return OnnxLoader.Load(file, InputConvention.UnitRgb(Size, "RGB 0..1"), mutation is null ? "planted logic" : $"planted logic ({mutation})");
    }

    public static void Write(string path, WeightMutation? mutation = null)
    {
        using var scope = NewDisposeScope();
        var kernels = new Dictionary<string, Tensor> { ["simple"] = SimpleKernels(), ["logic"] = LogicKernels(), ["xor"] = XorKernel() };
        if (mutation is not null)
        {
            if (!kernels.TryGetValue(mutation.Layer, out var kernel))
                throw new Errors.CircuitSpecException($"The planted logic circuit has no layer '{mutation.Layer}' with weights; it has {string.Join(", ", kernels.Keys)}.");
            mutation.ApplyTo(kernel, "planted logic", SourcePermutation);
        }
        var simpleScale = Enumerable.Range(0, EdgeUnits + 1).Select(k => k < EdgeUnits && k % 2 == 1 ? NegativeScale : 1f).ToArray();
        var logicScale = Enumerable.Range(0, 6).Select(u => u == OneSided ? NegativeScale : 1f).ToArray();
        var logicBias = new float[6];
        logicBias[Or] = OrBias;
        logicBias[And] = AndBias;

        var file = new OnnxWriter("planted logic").Input("image", 1, 3, Size, Size)
            .Initializer("simple.weight", kernels["simple"]).Initializer("simple.bias", zeros(EdgeUnits + 1))
            .Node("Conv", ["image", "simple.weight", "simple.bias"], "simple", Ints("kernel_shape", EdgeKernel, EdgeKernel), Ints("pads", 2, 2, 2, 2));
        BatchNorm(file, "simple", simpleScale);
        file.Node("Relu", ["simple_bn"], "simple_relu")
            .Node("MaxPool", ["simple_relu"], "pool", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2))
            .Initializer("logic.weight", kernels["logic"]).Initializer("logic.bias", tensor(logicBias))
            .Node("Conv", ["pool", "logic.weight", "logic.bias"], "logic", Ints("kernel_shape", LogicKernel, LogicKernel), Ints("pads", 2, 2, 2, 2));
        BatchNorm(file, "logic", logicScale);
        file.Node("Relu", ["logic_bn"], "logic_relu")
            .Initializer("xor.weight", kernels["xor"]).Initializer("xor.bias", zeros(1))
            .Node("Conv", ["logic_relu", "xor.weight", "xor.bias"], "xor", Ints("kernel_shape", 1, 1), Ints("strides", 2, 2))
            .Node("Relu", ["xor"], "xor_relu")
            .Output("xor_relu")
            .Save(path);
    }

    // Mean 0, variance 1 and no shift: the batch norm only scales (by a negative factor for some units), so the
    // silent unit's cancellation stays exact in exact arithmetic.
    private static void BatchNorm(OnnxWriter file, string layer, float[] scale) =>
        file.Initializer($"{layer}_bn.scale", tensor(scale)).Initializer($"{layer}_bn.shift", zeros(scale.Length))
            .Initializer($"{layer}_bn.mean", zeros(scale.Length)).Initializer($"{layer}_bn.var", ones(scale.Length))
            .Node("BatchNormalization", [layer, $"{layer}_bn.scale", $"{layer}_bn.shift", $"{layer}_bn.mean", $"{layer}_bn.var"], $"{layer}_bn",
                Float("epsilon", 1e-5f));

    /// <summary>Edge units by half a turn; the copy of simple:0 stays.</summary>
    private static long[] SourcePermutation(long sources) => sources switch
    {
        EdgeUnits + 1 => [.. Enumerable.Range(0, EdgeUnits).Select(k => (long)((k + 4) % EdgeUnits)), Copy],
        _ => [.. Enumerable.Range(0, (int)sources).Select(s => (long)((s + 1) % sources))],
    };

    /// <summary>Odd (derivative) kernels normalised to respond 1 to a full-contrast edge; odd units point the other way before their negative scale.</summary>
    private static Tensor SimpleKernels()
    {
        var k = new float[EdgeUnits + 1, 3, EdgeKernel, EdgeKernel];
        for (var unit = 0; unit <= EdgeUnits; unit++)
        {
            var (values, positive) = PlantedWeights.OddKernel(EdgeKernel, unit == Copy ? EdgeDirection(0) : EdgeDirection(unit), spread: 4.0);
            // The odd units: the opposite kernel, undone by the negative batch norm scale.
            var factor = unit == Copy ? CopyFactor : unit % 2 == 1 ? 1 / NegativeScale : 1;
            for (var row = 0; row < EdgeKernel; row++)
            for (var column = 0; column < EdgeKernel; column++)
            for (var c = 0; c < 3; c++)
                k[unit, c, row, column] = (float)(factor * values[row, column] / positive / 3);
        }
        return tensor(k.Cast<float>().ToArray(), [EdgeUnits + 1, 3, EdgeKernel, EdgeKernel]);
    }

    private static Tensor LogicKernels()
    {
        const int h = LogicKernel / 2;
        var k = new float[6, EdgeUnits + 1, LogicKernel, LogicKernel];
        k[Or, 0, h, h] = 1;
        k[Or, 2, h, h] = 1;
        k[And, 0, h, h] = AndWeight;
        k[And, 2, h, h] = AndWeight;
        // The left column only; negated here, turned back by the negative batch norm scale.
        for (var row = h - 1; row <= h + 1; row++) k[OneSided, 0, row, 0] = 1 / (3 * NegativeScale);
        k[Silent, 0, h, h] = CopyFactor;
        k[Silent, Copy, h, h] = -1;
        k[DiagonalUp, 1, h, h] = 1;
        k[DiagonalDown, 7, h, h] = 1;
        return tensor(k.Cast<float>().ToArray(), [6, EdgeUnits + 1, LogicKernel, LogicKernel]);
    }

    private static Tensor XorKernel() => tensor(new[] { 1f, -XorInhibition, 0, 0, 0, 0 }, [1L, 6, 1, 1]);
}
