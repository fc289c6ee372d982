using CircuitSpec.Models.Onnx;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Support;

/// <summary>An ONNX backend test folder: model.onnx with test_data_set_0/input_N.pb and output_N.pb.</summary>
public sealed record ConformanceCase(string Suite, string Name)
{
    public string Folder => SharedData.Require("onnx-conformance", Suite, Name);

    public static IEnumerable<ConformanceCase> All(string suite) =>
        Directory.EnumerateDirectories(SharedData.Require("onnx-conformance", suite))
            .Where(d => File.Exists(Path.Combine(d, "model.onnx")))
            .Select(d => new ConformanceCase(suite, Path.GetFileName(d)))
            .OrderBy(c => c.Name, StringComparer.Ordinal);

    public Tensor[] Read(string prefix)
    {
        var data = Path.Combine(Folder, "test_data_set_0");
        return Enumerable.Range(0, 64)
            .Select(i => Path.Combine(data, $"{prefix}_{i}.pb"))
            .TakeWhile(File.Exists)
            .Select(TensorProtoReader.ReadFile)
            .ToArray();
    }

    public override string ToString() => $"{Suite}/{Name}";

    /// <summary>
    /// The ONNX backend runner's input for the light/ models (see SOURCE.md): 0, 1, …, n − 1 over n, in the model's one
    /// input shape.
    /// </summary>
    public static Tensor LightInput(long[] shape)
    {
        var n = shape.Aggregate(1L, (p, d) => p * d);
        return HeldArithmetic.Range(n, ScalarType.Float32).DividedBy(n).reshape(shape);
    }
}

public static class Close
{
    /// <summary>The largest absolute difference relative to the largest expected magnitude.</summary>
    public static double Relative(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        return ((actual - expected).abs().max() / expected.abs().max().AtLeast(1e-12)).AsDouble();
    }

    /// <summary>
    /// The ONNX backend's check (NumPy's assert_allclose): |a − e| ≤ atol + rtol·|e| everywhere, NaN matching NaN and
    /// infinities matching themselves;
    /// returns the worst violation ratio.
    /// </summary>
    public static (bool Ok, double WorstRatio, double MaxAbsDiff) Check(Tensor actual, Tensor expected, double rtol, double atol)
    {
        using var scope = NewDisposeScope();
        var a = actual.to(ScalarType.Float64).cpu();
        var e = expected.to(ScalarType.Float64).cpu();
        // NaN matches NaN and an infinity the same infinity, as in NumPy.
        var same = (a.isnan() & e.isnan()) | (a.isinf() & a.eq(e));
        if ((a.isnan() ^ e.isnan()).any().AsBoolean()) return (false, double.PositiveInfinity, double.NaN);
        a = a.masked_fill(same, HeldScalars.Zero);
        e = e.masked_fill(same, HeldScalars.Zero);
        var diff = (a - e).abs();
        var allowed = e.abs().Times(rtol).Plus(atol);
        var ratio = (diff / allowed).max().AsDouble();
        return (ratio <= 1.0, ratio, diff.max().AsDouble());
    }
}
