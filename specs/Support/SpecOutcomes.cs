using System.Collections.Concurrent;
using System.Reflection;
using CircuitSpec.Reporting;
using Xunit.v3;

[assembly: CircuitSpec.Specs.Support.RecordSpecOutcome]

namespace CircuitSpec.Specs.Support;

/// <summary>
/// Records how each spec ended, as xunit saw it, so that the report's spec counts are the test run's own.
/// Applied to the whole assembly; xunit calls <see cref="After"/> once the test has a result.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class RecordSpecOutcomeAttribute : BeforeAfterTestAttribute
{
    private static readonly ConcurrentQueue<SpecResult> Results = new();

    public static IReadOnlyList<SpecResult> All => Results.ToArray();

    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        var state = TestContext.Current.TestState;
        var outcome = state?.Result switch
        {
            TestResult.Passed => SpecOutcome.Passed,
            TestResult.Skipped => SpecOutcome.Skipped,
            _ => SpecOutcome.Failed,
        };
        var message = state?.ExceptionMessages is { Length: > 0 } messages ? string.Join("\n", messages) : null;
        Results.Enqueue(new SpecResult(test.TestDisplayName, outcome, message));
    }
}
