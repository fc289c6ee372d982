using System.Diagnostics;
using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Models.Planted;
using CircuitSpec.Runtime;
using CircuitSpec.Stimuli;
using CircuitSpec.Visualization;

namespace CircuitSpec.Tests.Reliability;

/// <summary>
/// Long work stops soon after its token is cancelled — a sweep, a visualization, and a claim over many stimuli through
/// the ambient token that a test host sets — instead of running on after CI gave up on it.
/// </summary>
public sealed class CancellationTests(ITestOutputHelper output)
{
    // Each piece of work below would take minutes uncancelled; cancelled after CancelAfter it must stop within Prompt.
    private static readonly TimeSpan CancelAfter = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    private void StopsPromptly(string what, Action<CancellationToken> work)
    {
        using var source = new CancellationTokenSource(CancelAfter);
        var watch = Stopwatch.StartNew();
        FluentActions.Invoking(() => work(source.Token)).Should().Throw<OperationCanceledException>();
        output.WriteLine($"{what}: stopped {watch.Elapsed.TotalSeconds:F2} s after it started (cancelled at {CancelAfter.TotalSeconds:F1} s)");
        watch.Elapsed.Should().BeLessThan(CancelAfter + Prompt, $"{what} must stop between steps once cancelled");
    }

    [Fact]
    public void A_sweep_stops_when_cancelled()
    {
        using var model = PlantedCircuit.Build();
        var stimuli = PlantedStimuli.Rings.Render(model.Input);
        var variants = Enumerable.Range(0, 200_000).Select(i => model.Unit($"edges_relu:{i % 15}").Scaled(1 + i * 1e-6)).ToList();
        StopsPromptly("a 200,000-variant sweep", token => model.Sweep(stimuli, variants, model.Unit("circles_relu:0"), maxBatch: 20, cancellation: token));
    }

    [Fact]
    public void A_visualization_stops_when_cancelled()
    {
        using var model = PlantedCircuit.Build();
        StopsPromptly("a 1,000,000-step visualization",
            token => model.Visualize(Objective.Channel("circles_relu", 0), new VisualizationOptions { Size = 48, Steps = 1_000_000 }, cancellation: token));
    }

    [Fact]
    public void A_claim_stops_through_the_ambient_token()
    {
        using var model = PlantedCircuit.Build();
        var many = new StimulusSet(Enumerable.Range(0, 500_000).Select(i => new Circle(4 + i % 17)));
        StopsPromptly("a claim over 500,000 stimuli", token =>
        {
            using var _ = Cancellation.Use(token);
            model.Unit("circles_relu:0").Should().RespondTo(many, 1);
        });
    }

    [Fact]
    public void A_property_probe_stops_through_the_ambient_token()
    {
        using var model = PlantedCircuit.Build();
        StopsPromptly("a 1,000,000-draw property probe", token =>
        {
            using var _ = Cancellation.Use(token);
            model.Unit("curves_relu:2").Should().StayAtMost(1e9, StimulusSpace.Curves((0, 360), (4, 20)), tests: 1_000_000);
        });
    }
}
