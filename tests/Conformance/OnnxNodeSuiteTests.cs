using System.Globalization;
using System.Text;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;

namespace CircuitSpec.Tests.Conformance;

/// <summary>
/// ONNX's own backend node tests (1,288 cases in libonnx-testdata 1.17): every case is correct or refused with a typed
/// error, none silently wrong. The per-operator table goes to artifacts/conformance/onnx-node-suite.md (the README's copy
/// is from it).
/// </summary>
public sealed class OnnxNodeSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_node_test_is_correct_or_refused_with_a_typed_error_and_none_is_silently_wrong()
    {
        var results = NodeSuite.Cases().AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount).Select(NodeSuite.Run).ToList();
        var table = Table(results);
        AtomicFile.WriteText(Path.Combine(RepositoryRoot.Above(AppContext.BaseDirectory) ?? Environment.CurrentDirectory, "artifacts", "conformance", "onnx-node-suite.md"), table);
        output.WriteLine(table);

        results.Should().HaveCountGreaterThanOrEqualTo(1288, "libonnx-testdata 1.17 ships 1,288 node tests");
        string.Join("\n", results.Where(r => r.Outcome == NodeOutcome.Wrong).Select(r => $"{r.Case} ({r.Operator}): {r.Detail}"))
            .Should().BeEmpty("a case the executor cannot reproduce must be refused with a typed error, never answered wrongly");
    }

    [Theory]
    [InlineData("test_reduce_sum_empty_axes_input_noop_example")]
    [InlineData("test_reduce_sum_default_axes_keepdims_example")]
    [InlineData("test_reduce_mean_default_axes_keepdims_example")]
    [InlineData("test_shape_start_1_end_negative_1")]
    [InlineData("test_shape_end_1")]
    [InlineData("test_constant_pad_axes")]
    [InlineData("test_pow_types_int32_int32")]
    [InlineData("test_erf")]
    [InlineData("test_gelu_tanh_1")]
    [InlineData("test_layer_normalization_3d_axis_negative_2_epsilon")]
    [InlineData("test_convtranspose_1d")]
    [InlineData("test_hardsigmoid")]
    [InlineData("test_hardswish")]
    [InlineData("test_depthtospace_crd_mode_example")]
    [InlineData("test_constant")]
    public void Operators_real_models_use_are_correct(string name) =>
        NodeSuite.Run(name).Should().Match<NodeResult>(r => r.Outcome == NodeOutcome.Correct, $"{name} is an operator real models use");

    [Fact]
    public void Dropout_in_training_mode_is_refused_because_its_random_mask_cannot_be_reproduced() =>
        NodeSuite.Run("test_training_dropout").Should().Match<NodeResult>(r => r.Outcome == NodeOutcome.Refused && r.Detail.Contains("training_mode"));

    private static string Table(IReadOnlyList<NodeResult> results)
    {
        var text = new StringBuilder();
        string Count(IEnumerable<NodeResult> rs, NodeOutcome o) => rs.Count(r => r.Outcome == o).ToString(CultureInfo.InvariantCulture);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{results.Count} ONNX node tests: {Count(results, NodeOutcome.Correct)} correct, " +
            $"{Count(results, NodeOutcome.Refused)} refused with a typed error, {Count(results, NodeOutcome.Wrong)} wrong.");
        text.AppendLine();
        text.AppendLine("| operator | cases | correct | refused | wrong | why refused (first case) |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var group in results.GroupBy(r => r.Operator).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // The file and node are the case's own; the reason is what a reader wants.
            var why = System.Text.RegularExpressions.Regex.Replace(group.FirstOrDefault(r => r.Outcome != NodeOutcome.Correct)?.Detail ?? "", "^Cannot load '[^']*'( at '[^']*')?: ", "");
            if (why.Length > 110) why = why[..107] + "...";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key} | {group.Count()} | {Count(group, NodeOutcome.Correct)} | {Count(group, NodeOutcome.Refused)} | {Count(group, NodeOutcome.Wrong)} | {why.Replace("|", "\\|")} |");
        }
        return text.ToString();
    }
}
