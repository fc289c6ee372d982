using System.Collections.Concurrent;
using System.Reflection;
using CircuitSpec.Reporting;
using Xunit.v3;

[assembly: AssemblyFixture(typeof(CircuitSpecSpecs.Report))]
[assembly: CircuitSpecSpecs.RecordOutcome]

namespace CircuitSpecSpecs;

/// <summary>
/// When the run ends, every verdict, picture and spec outcome goes into artifacts/report/index.html under the project
/// (or the file CIRCUITSPEC_REPORT names: one per shard when CI splits the specs), with index.json beside it, which
/// `circuitspec report merge` joins across shards.
/// </summary>
public sealed class Report : IDisposable
{
    public void Dispose()
    {
        var configured = Environment.GetEnvironmentVariable("CIRCUITSPEC_REPORT");
        var target = string.IsNullOrEmpty(configured) ? Path.Combine(Project.Folder, "artifacts", "report", "index.html") : configured;
        var path = HtmlReport.WriteRecorded(target, "CircuitSpecSpecs", RecordOutcomeAttribute.All);
        TestContext.Current.SendDiagnosticMessage($"report: {path}");
    }
}

/// <summary>Records how each spec ended, as xunit saw it, for the report's counts.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class RecordOutcomeAttribute : BeforeAfterTestAttribute
{
    private static readonly ConcurrentQueue<SpecResult> Results = new();

    public static IReadOnlyList<SpecResult> All => Results.ToArray();

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        var state = TestContext.Current.TestState;
        var outcome = state?.Result switch { TestResult.Passed => SpecOutcome.Passed, TestResult.Skipped => SpecOutcome.Skipped, _ => SpecOutcome.Failed };
        Results.Enqueue(new SpecResult(test.TestDisplayName, outcome, state?.ExceptionMessages is { Length: > 0 } m ? string.Join("\n", m) : null));
    }
}
