using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Reliability.Fuzzing;

namespace CircuitSpec.Tests.Reliability;

/// <summary>Runs alone, so that the peak resident memory it reads for each case is that case's.</summary>
[CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
public sealed class FuzzCollection;

[Collection(nameof(FuzzCollection))]
public sealed class FuzzCorpusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);
    private const long MemoryLimit = 1L << 30;

    [Fact]
    public void Every_mutated_model_file_is_refused_with_a_typed_error_or_still_loads_and_runs()
    {
        ResidentMemory.CanMeasurePeak.Should().BeTrue("the per-case memory limit is read from /proc/self (Linux)");
        var cancel = TestContext.Current.CancellationToken;
        var work = Directory.CreateTempSubdirectory("circuitspec-fuzz-").FullName;
        var outcomes = new List<FuzzOutcome>();
        try
        {
            foreach (var fuzzCase in FuzzCorpus.All())
            {
                cancel.ThrowIfCancellationRequested();
                var outcome = FuzzRunner.Run(fuzzCase, Path.Combine(work, outcomes.Count.ToString()), Limit);
                outcomes.Add(outcome);
                if (outcome.Result is FuzzResult.Untyped or FuzzResult.TimedOut || outcome.WrappedBug is not null) output.WriteLine("DEFECT " + outcome);
                if (outcomes.Count % 100 == 0) output.WriteLine($"{outcomes.Count} cases run");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        var table = FuzzReport.Table(outcomes);
        output.WriteLine(table);
        AtomicFile.WriteText(Path.Combine(RepositoryRoot.Above(AppContext.BaseDirectory) ?? Environment.CurrentDirectory, "artifacts", "reliability", "fuzz-corpus.md"),
            $"# Fuzz corpus: mutated model files\n\n{table}");

        outcomes.Should().HaveCountGreaterThanOrEqualTo(500, "the issue asks for at least 500 mutated files");
        outcomes.Select(o => FuzzReport.Family(o.Case)).Distinct().Should().BeEquivalentTo(["ONNX conformance", "ResNet18.onnx", "darknet-tiny"]);
        outcomes.Should().NotContain(o => o.Result == FuzzResult.Untyped, "every failure must be a CircuitSpec exception");
        outcomes.Should().NotContain(o => o.Result == FuzzResult.TimedOut, $"every case must end within {Limit.TotalSeconds} s");
        outcomes.Should().NotContain(o => o.WrappedBug != null, "a typed error must come from a check, not from a catch-all around a crash");
        outcomes.Should().OnlyContain(o => o.Elapsed < Limit && o.PeakBytes < MemoryLimit, "each case must end within 5 s and 1 GiB");
        outcomes.Should().Contain(o => o.Result == FuzzResult.RefusedAtLoad).And.Contain(o => o.Result == FuzzResult.Ran,
            "some mutants are refused and some (e.g. a flipped bit inside a weight) are still valid models");
    }
}
