using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Tests.Support;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Claims;

/// <summary>
/// A claim's verdict is a value: the constraint carries it (<c>.Which</c>), and inside an assertion scope a failing
/// claim hands back its failing verdict too. Two claims checked at once on two threads: each capture holds its own
/// verdict only, never the other's.
/// </summary>
public sealed class VerdictCaptureTests
{
    [Fact]
    public void The_constraint_carries_the_verdict_with_its_evidence()
    {
        using var model = PlantedModels.TwoLayers();
        var held = model.Unit("b:0").Should().BeExcitedBy([model.Unit("a_relu:0")]).Which;
        held.Outcome.Should().Be(Outcome.Holds);
        held.Claim.Should().Contain("b:0").And.Contain("a_relu:0");
        held.Evidence.Should().NotBeEmpty();

        // Inside an assertion scope the failure is collected until the scope ends, and the verdict is handed back.
        Verdict? failed = null;
        var act = () =>
        {
            using var scope = new FluentAssertions.Execution.AssertionScope();
            failed = model.Unit("b:0").Should().BeExcitedBy([model.Unit("a_relu:1")]).Which;
        };
        act.Should().Throw<XunitException>().WithMessage("Expected b:0*a_relu:1*");
        failed!.Outcome.Should().Be(Outcome.Fails);
        failed.Claim.Should().Contain("a_relu:1");
    }

    [Fact]
    public async Task Claims_checked_in_parallel_each_read_only_their_own_verdicts()
    {
        using var model = PlantedModels.TwoLayers();
        using var start = new Barrier(2);
        Verdict?[] Check(string source, bool holds)
        {
            using var capture = VerdictLog.Capture();
            start.SignalAndWait(TestContext.Current.CancellationToken);
            for (var i = 0; i < 20; i++)
            {
                var act = () => model.Unit("b:0").Should().BeExcitedBy([model.Unit(source)]);
                if (holds) act();
                else act.Should().Throw<XunitException>();
            }
            using (var inner = VerdictLog.Capture())
            {
                model.Unit("b:0").Should().BeExcitedBy([model.Unit("a_relu:0")]);
                inner.Verdicts.Should().ContainSingle();
            }
            return [.. capture.Verdicts];
        }
        var excited = Task.Run(() => Check("a_relu:0", holds: true), TestContext.Current.CancellationToken);
        var inhibited = Task.Run(() => Check("a_relu:1", holds: false), TestContext.Current.CancellationToken);
        var (own, other) = (await excited, await inhibited);

        own.Should().HaveCount(21).And.OnlyContain(v => v!.Outcome == Outcome.Holds && v.Claim.Contains("a_relu:0"));
        other.Should().HaveCount(21);
        other.Take(20).Should().OnlyContain(v => v!.Outcome == Outcome.Fails && v.Claim.Contains("a_relu:1"));
        VerdictLog.All.Count.Should().BeGreaterThanOrEqualTo(42, "the process-wide log still holds every thread's verdicts");
    }
}
