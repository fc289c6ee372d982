using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Claims;

/// <summary>Stimulus, ablation and universality verbs on planted models: pass when built to, fail showing the measured value.</summary>
public sealed class StimulusClaimTests(ITestOutputHelper output)
{
    private static readonly double[] Directions = [0, 45, 90, 135, 180, 225, 270, 315];
    private static StimulusSet Edges(double step = 10) => Synthetic.Edges(Synthetic.Angles(step));

    private static StimulusSet Jittered(double orientation, int seedOffset) =>
        new(Enumerable.Range(0, 10).Select(i => new Edge(orientation, Offset: i * 0.3 - 1.5) { Noise = 0.2, Seed = seedOffset + i }));

    private void Show<T>(Func<T> act)
    {
        var message = act.Should().Throw<XunitException>().Which.Message;
        output.WriteLine(message);
    }

    [Fact]
    public void Tuning_is_checked_against_the_preferred_value()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        model.Unit("edges_relu:2").Should().BeTunedTo(Edges(), "orientation", 0, tolerance: 10, period: 360);
        var act = () => model.Unit("edges_relu:2").Should().BeTunedTo(Edges(), "orientation", 90, tolerance: 10, period: 360);
        act.Should().Throw<XunitException>().WithMessage("Expected edges_relu:2 to be tuned to orientation 90 ± 10, but it prefers *(90 away)*tuning of edges_relu:2*");
        Show(act);
    }

    [Fact]
    public void Preference_between_classes_reports_ratio_interval_and_random_units()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var unit = model.Unit("edges_relu:2");
        unit.Should().PreferOver(Jittered(0, 0), Jittered(180, 50), minRatio: 5);
        var act = () => unit.Should().PreferOver(Jittered(180, 0), Jittered(0, 50), minRatio: 2);
        act.Should().Throw<XunitException>().WithMessage("Expected edges_relu:2 to prefer 10 edge stimuli over 10 edge stimuli by ≥ 2×, but the ratio was 0*95 % CI*random units of " +
            "edges_relu: median ratio*");
        Show(act);
    }

    [Fact]
    public void Preference_on_signed_responses_is_judged_by_sign_and_difference_not_by_a_negative_ratio()
    {
        // Before the ReLU the unit answers its own edges positively and the opposite edges negatively: the quotient of
        // the means is negative, and "the ratio was −1" used to fail a preference that is as clear as it gets.
        using var model = PlantedModels.OrientedEdges(Directions);
        var signed = model.Unit("edges:2");
        model.Responses(Jittered(180, 50), signed).Mean.Should().BeNegative("the opposite edge drives the unit below zero");
        signed.Should().PreferOver(Jittered(0, 0), Jittered(180, 50), minRatio: 2);
        var act = () => signed.Should().PreferOver(Jittered(180, 0), Jittered(0, 50), minRatio: 2);
        act.Should().Throw<XunitException>().WithMessage("*but the ratio was*", "a negative mean is never preferred, whatever the quotient");
    }

    [Fact]
    public void Echoes_are_found_in_even_kernels_and_not_in_odd_ones()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var lines = new StimulusSet(Synthetic.Angles(10).Select(o => new Line(o, Width: 2)));
        model.Unit("edges_relu:2").Should().HaveNoEcho(Edges());
        model.Unit("edges_relu:9").Should().HaveEcho(lines);
        var act = () => model.Unit("edges_relu:9").Should().HaveNoEcho(lines);
        act.Should().Throw<XunitException>().WithMessage("*to have no echo*but the echo was 1 of the peak*");
    }

    [Fact]
    public void Responding_and_not_responding_name_the_strongest_stimulus()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var unit = model.Unit("edges_relu:2");
        unit.Should().RespondTo(Jittered(0, 0), atLeast: 5).And.NotRespondTo(Jittered(180, 0), above: 1e-3);
        var act = () => unit.Should().NotRespondTo(Edges(45), above: 1);
        act.Should().Throw<XunitException>().WithMessage("Expected no stimulus of 8 edge stimuli to drive edges_relu:2 above 1, but edge(orientation=0, *) drove it to 14*");
        // A unit that never fires on the stimuli does not respond to them: a verdict, not "inconclusive", naming the constancy.
        var silent = () => unit.Should().RespondTo(Jittered(180, 0), atLeast: 1);
        silent.Should().Throw<XunitException>().WithMessage("Expected edges_relu:2 to respond*but the mean response was 0*every value is 0*")
            .Which.Message.Should().NotContain("inconclusive");
    }

    [Fact]
    public void A_rotated_family_is_equivariant_and_a_shuffled_one_is_not()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        model.Family("edge detectors", "edges_relu", 0, 1, 2, 3, 4, 5, 6, 7).Should().BeEquivariantUnder(45, Synthetic.Edges(Synthetic.Angles(5)), tolerance: 5);
        var act = () => model.Family("shuffled", "edges_relu", 0, 2, 1, 3).Should().BeEquivariantUnder(45, Synthetic.Edges(Synthetic.Angles(5)));
        act.Should().Throw<XunitException>().WithMessage("Expected shuffled to be equivariant under rotation by 45°*but the worst step deviated by 90°*");
    }

    [Fact]
    public void Ablations_reduce_what_they_feed_and_leave_the_rest_alone()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var stimuli = Jittered(0, 0);
        var target = model.Unit("edges_relu:2");
        model.Family("its own unit", "edges", 2).Ablated().Should().ReduceResponseOf(target, on: stimuli, byAtLeast: 0.9);
        model.Family("another unit", "edges", 5).Ablated().Should().NotChangeResponseOf(target, on: stimuli);
        var act = () => model.Family("another unit", "edges", 5).Ablated().Should().ReduceResponseOf(target, on: stimuli);
        act.Should().Throw<XunitException>().WithMessage("Expected 'zero another unit' to reduce the response of edges_relu:2 by at least 50 %, but it changed by 0.0 %*");
        var mean = () => model.Family("x", "edges", 5).Ablated(AblationKind.Mean);
        mean.Should().Throw<Errors.CircuitSpecException>().WithMessage("*needs reference images*");
    }

    [Fact]
    public void An_analogue_is_found_in_a_permuted_copy()
    {
        using var a = PlantedModels.RandomConvolution(6, seed: 8);
        using var b = PlantedModels.RandomConvolution(6, seed: 8, [5, 4, 3, 2, 1, 0]);
        var stimuli = Synthetic.Curves(Synthetic.Angles(30), [10, 25]).Concat(Synthetic.Gratings(Synthetic.Angles(45, 180), [4, 9]));
        a.Unit("edges:1").Should().HaveAnalogueIn(b, "edges", stimuli, minCorrelation: 0.99);
        using var unrelated = PlantedModels.RandomConvolution(6, seed: 99);
        var act = () => a.Unit("edges:1").Should().HaveAnalogueIn(unrelated, "edges", stimuli, minCorrelation: 0.99);
        act.Should().Throw<XunitException>().WithMessage("*to have an analogue in edges of random (r ≥ 0.99), but the best match was edges:* with r = 0.*shuffled baseline*");
    }
}
