using CircuitSpec.Errors;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Models.Onnx.Proto;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Support;

/// <summary>What CircuitSpec did with one ONNX backend node test.</summary>
public enum NodeOutcome { Correct, Refused, Wrong }

/// <summary>One outcome with the case, the operator it tests and what happened.</summary>
public sealed record NodeResult(string Case, string Operator, NodeOutcome Outcome, string Detail);

/// <summary>
/// ONNX's own backend node tests as Debian's libonnx-testdata installs them (ci/setup.sh): each folder holds
/// model.onnx and test_data_set_N/{input,output}_K.pb. A case is correct when every output has the expected type,
/// shape and values (floats within rtol 1e-3, atol 1e-7; everything else exactly), refused when loading or running it
/// raises a <see cref="CircuitSpecException"/>, and wrong otherwise (a wrong value, or an untyped exception).
/// </summary>
public static class NodeSuite
{
    public const string Root = "/usr/share/libonnx-testdata/data/node";

    public static IReadOnlyList<string> Cases()
    {
        if (!Directory.Exists(Root))
            throw new InvalidOperationException($"ONNX's node tests are not installed at {Root}: run ci/setup.sh (it installs libonnx-testdata).");
        return Directory.EnumerateDirectories(Root).Where(d => File.Exists(Path.Combine(d, "model.onnx")))
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
    }

    public static NodeResult Run(string name)
    {
        var folder = Path.Combine(Root, name);
        var file = Path.Combine(folder, "model.onnx");
        var proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(file));
        var op = OperatorOf(name, proto);
        NodeResult Result(NodeOutcome outcome, string detail) => new(name, op, outcome, detail);

        var nonTensor = proto.Graph.Input.Concat(proto.Graph.Output).FirstOrDefault(v => v.Type?.TensorType is null);
        using var scope = NewDisposeScope();
        try
        {
            using var model = OnnxLoader.Load(file);
            if (nonTensor is not null)
                return Result(NodeOutcome.Wrong, $"loaded although '{nonTensor.Name}' is a {nonTensor.Type?.ValueCase} value, not a tensor");
            foreach (var set in Directory.EnumerateDirectories(folder, "test_data_set_*").Order(StringComparer.Ordinal))
            {
                var inputs = Read(set, "input");
                var expected = Read(set, "output");
                using var mode = inference_mode();
                var actual = model.EvaluateAll(inputs);
                if (actual.Length != expected.Length)
                    return Result(NodeOutcome.Wrong, $"{actual.Length} outputs, expected {expected.Length}");
                for (var i = 0; i < expected.Length; i++)
                    if (Compare(actual[i], expected[i]) is { } problem)
                        return Result(NodeOutcome.Wrong, $"{Path.GetFileName(set)} output {i}: {problem}");
            }
            return Result(NodeOutcome.Correct, "every output as expected");
        }
        catch (CircuitSpecException e)
        {
            return Result(NodeOutcome.Refused, FirstLine(e.Message));
        }
        catch (Exception e)
        {
            return Result(NodeOutcome.Wrong, $"untyped {e.GetType().Name}: {FirstLine(e.Message)}");
        }
    }

    private static Tensor[] Read(string set, string prefix) =>
        Enumerable.Range(0, 64).Select(i => Path.Combine(set, $"{prefix}_{i}.pb")).TakeWhile(File.Exists).Select(TensorProtoReader.ReadFile).ToArray();

    private static string? Compare(Tensor actual, Tensor expected)
    {
        if (actual.dtype != expected.dtype) return $"type {actual.dtype}, expected {expected.dtype}";
        if (!actual.shape.SequenceEqual(expected.shape))
            return $"shape [{string.Join(", ", actual.shape)}], expected [{string.Join(", ", expected.shape)}]";
        if (expected.numel() == 0) return null;
        if (expected.is_floating_point())
        {
            var (ok, ratio, maxDiff) = Close.Check(actual, expected, rtol: 1e-3, atol: 1e-7);
            return ok ? null : $"max |diff| {maxDiff:G3}, {ratio:G3}× the tolerance";
        }
        return actual.cpu().eq(expected.cpu()).all().item<bool>() ? null : "values differ";
    }

    // The operator a case tests: the longest operator name its folder name starts with ("test_reduce_sum_empty_axes"
    // tests ReduceSum, also in its "_expanded" form, whose graph holds the function body instead).
    private static string OperatorOf(string name, ModelProto proto)
    {
        var key = name.Replace("test_", "").Replace("_", "").ToLowerInvariant();
        var known = proto.Graph.Node.Select(n => n.OpType).Concat(KnownOperators.Value);
        return known.Where(op => key.StartsWith(op.ToLowerInvariant(), StringComparison.Ordinal)).MaxBy(op => op.Length)
               ?? proto.Graph.Node.Select(n => n.OpType).FirstOrDefault() ?? "(no node)";
    }

    // Every operator that is the only node of some case: the vocabulary case names are written in.
    private static readonly Lazy<IReadOnlyList<string>> KnownOperators = new(() => Cases()
        .Select(c => ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(Root, c, "model.onnx"))).Graph.Node)
        .Where(nodes => nodes.Count == 1).Select(nodes => nodes[0].OpType).Distinct().ToList());

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
