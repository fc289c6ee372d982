using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Support;

namespace CircuitSpec.Tests.Runtime;

/// <summary>
/// Verdicts name the test that reached them, and long work stops with it, without any hook set by the test project:
/// CircuitSpec reads xunit's test context itself. This project sets none, so these would fail if it did not.
/// </summary>
public sealed class TestHostTests
{
    [Fact]
    public void A_verdict_names_the_xunit_test_that_reached_it()
    {
        using var model = PlantedModels.TwoLayers();
        var verdict = model.Unit("b:0").Should().BeExcitedBy([model.Unit("a_relu:0")]).Which;
        var name = TestContext.Current.Test!.TestDisplayName;
        name.Should().Contain(nameof(A_verdict_names_the_xunit_test_that_reached_it));
        verdict.Test.Should().Be(name);
        VerdictLog.All.Should().Contain(v => v.Test == name);
    }

    [Fact]
    public async Task A_named_scope_holds_on_its_async_flow_and_ends_with_it()
    {
        using var model = PlantedModels.TwoLayers();
        Verdict Check() => model.Unit("b:0").Should().BeExcitedBy([model.Unit("a_relu:0")]).Which;
        using (TestHost.Naming("outside a test: notebook cell 3"))
        {
            Check().Test.Should().Be("outside a test: notebook cell 3");
            var beside = await Task.Run(Check, TestContext.Current.CancellationToken);
            beside.Test.Should().Be("outside a test: notebook cell 3", "a task started inside the scope inherits it");
        }
        Check().Test.Should().Be(TestContext.Current.Test!.TestDisplayName, "the scope has ended");
    }

    [Fact]
    public void The_ambient_cancellation_is_the_running_tests()
    {
        TestHost.CurrentCancellation.Should().Be(TestContext.Current.CancellationToken);
        Cancellation.Current.Should().Be(TestContext.Current.CancellationToken);
        using var source = new CancellationTokenSource();
        using (Cancellation.Use(source.Token)) Cancellation.Current.Should().Be(source.Token);
    }
}
