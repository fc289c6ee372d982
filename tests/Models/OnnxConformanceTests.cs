using CircuitSpec.Errors;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>The ONNX backend test data (pytorch-converted and pytorch-operator): one case per folder.</summary>
public sealed class OnnxConformanceTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var suite in new[] { "pytorch-converted", "pytorch-operator" })
            foreach (var c in ConformanceCase.All(suite)) data.Add(suite, c.Name);
        return data;
    }

    public enum Outcome { Reproduced, Unsupported, Wrong }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Model_reproduces_the_expected_outputs_or_names_the_unsupported_operator(string suite, string name)
    {
        var (outcome, detail) = Run(new ConformanceCase(suite, name));
        output.WriteLine(detail);
        if (outcome == Outcome.Unsupported) Assert.Skip($"unsupported, with a typed error: {detail}");
        outcome.Should().Be(Outcome.Reproduced, detail);
    }

    [Fact]
    public void At_least_90_percent_of_the_pytorch_cases_run_and_the_rest_fail_with_the_unsupported_operator_error()
    {
        var results = new[] { "pytorch-converted", "pytorch-operator" }
            .SelectMany(ConformanceCase.All)
            .Select(c => (Case: c, Result: Run(c)))
            .ToList();
        foreach (var (c, r) in results.Where(r => r.Result.Outcome != Outcome.Reproduced))
            output.WriteLine($"{c}: {r.Outcome} — {r.Detail}");
        var reproduced = results.Count(r => r.Result.Outcome == Outcome.Reproduced);
        output.WriteLine($"conformance: {reproduced} of {results.Count} reproduced, " +
                         $"{results.Count(r => r.Result.Outcome == Outcome.Unsupported)} unsupported");

        results.Should().HaveCountGreaterThan(100, "the shared data holds 117 pytorch test folders");
        results.Where(r => r.Result.Outcome == Outcome.Wrong).Select(r => $"{r.Case}: {r.Result.Detail}")
            .Should().BeEmpty("every case either reproduces its outputs or fails with UnsupportedOperatorException");
        ((double)reproduced / results.Count).Should().BeGreaterThanOrEqualTo(0.90);
    }

    internal static (Outcome Outcome, string Detail) Run(ConformanceCase c)
    {
        using var scope = NewDisposeScope();
        try
        {
            using var model = OnnxLoader.Load(Path.Combine(c.Folder, "model.onnx"));
            var inputs = c.Read("input");
            var expected = c.Read("output");
            using var _ = inference_mode();
            var actual = model.EvaluateAll(inputs.Take(model.InputNames.Count).ToArray());
            if (actual.Length != expected.Length)
                return (Outcome.Wrong, $"{actual.Length} outputs, expected {expected.Length}");
            for (var i = 0; i < expected.Length; i++)
            {
                if (!actual[i].shape.SequenceEqual(expected[i].shape))
                    return (Outcome.Wrong, $"output {i} has shape [{string.Join(", ", actual[i].shape)}], expected [{string.Join(", ", expected[i].shape)}]");
                var (ok, ratio, maxDiff) = Close.Check(actual[i], expected[i], rtol: 1e-3, atol: 1e-7);
                if (!ok) return (Outcome.Wrong, $"output {i} differs: max |diff| {maxDiff:G3}, {ratio:G3}× the tolerance");
            }
            return (Outcome.Reproduced, $"{c}: {expected.Length} output(s) within rtol 1e-3, atol 1e-7");
        }
        catch (UnsupportedOperatorException e)
        {
            return (Outcome.Unsupported, e.Message);
        }
        catch (Exception e)
        {
            return (Outcome.Wrong, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
