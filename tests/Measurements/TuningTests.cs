using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Measurements;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;

namespace CircuitSpec.Tests.Measurements;

/// <summary>Tuning, echoes, equivariance, selectivity and ablation effects on planted edge detectors of known preference.</summary>
public sealed class TuningTests(ITestOutputHelper output)
{
    private static readonly double[] Directions = [0, 45, 90, 135, 180, 225, 270, 315];
    private const double Step = 10;

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void An_oriented_edge_detector_is_tuned_to_its_known_orientation_within_the_grid_step(int unit)
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var responses = model.Responses(Synthetic.Edges(Synthetic.Angles(Step)), model.Unit("edges_relu", unit));
        var curve = TuningCurve.OverOrientation(responses);
        output.WriteLine(curve.ToString());
        var expected = (Directions[unit] - 90 + 360) % 360;
        var error = Math.Abs(((curve.Preferred - expected) % 360 + 540) % 360 - 180);
        error.Should().BeLessThan(Step, $"unit {unit} measures the gradient along {Directions[unit]}°, so it prefers edges at {expected}°");
        curve.Inconclusive.Should().BeNull();
        curve.HasEcho().Should().BeFalse("an edge detector is silent for the opposite edge");
        curve.HalfMaximumWidth.Should().BeInRange(60, 200);
    }

    [Fact]
    public void A_two_parameter_map_finds_the_preferred_orientation_of_filled_curves_at_every_curvature()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var curves = new StimulusSet(from r in new[] { 12.0, 24, 48 } from o in Synthetic.Angles(30) select new Curve(o, r, ArcLength: 120, Filled: true));
        var map = TuningMap.Over(model.Responses(curves, model.Unit("edges_relu:1")), "orientation", "radius");
        output.WriteLine(map.ToString());
        map.Inconclusive.Should().BeNull();
        // Unit 1 measures the gradient along 45°; a filled curve is brightest inside, opposite its convex side.
        map.Preferred.Row.Should().BeOneOf([210, 240], "225° lies halfway between these grid values");
        map.Rows.Should().HaveCount(12);
        map.Columns.Should().Equal(12, 24, 48);
    }

    [Fact]
    public void An_even_line_kernel_has_an_echo_half_a_turn_away()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var lines = new StimulusSet(Synthetic.Angles(Step).Select(o => new Line(o, Width: 2)));
        var curve = TuningCurve.OverOrientation(model.Responses(lines, model.Unit("edges_relu", Directions.Length + 1)));
        output.WriteLine(curve.ToString());
        curve.EchoRatio.Should().BeGreaterThan(0.9, "a line at θ and at θ + 180° is the same line");
        curve.HasEcho().Should().BeTrue();
    }

    [Fact]
    public void Rotating_the_stimulus_moves_the_peak_from_one_family_member_to_the_next()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var family = Enumerable.Range(0, Directions.Length).Select(k => (Feature)model.Unit("edges_relu", k)).ToList();
        var result = Equivariance.Measure(model, family, Synthetic.Edges(Synthetic.Angles(5)), expectedStep: 45);
        output.WriteLine(result.ToString());
        result.Steps.Should().HaveCount(7);
        result.WorstDeviation.Should().BeLessThan(5);
        result.Inconclusive.Should().BeNull();
    }

    [Fact]
    public void Selectivity_reports_the_effect_with_an_interval_and_random_units_beside_it()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var unit = model.Unit("edges_relu:2"); // gradient along 90°: prefers edges at 0°
        var preferred = new StimulusSet(Enumerable.Range(0, 12).Select(i => new Edge(0, Offset: i * 0.25 - 1.5) { Noise = 0.2, Seed = i }));
        var opposite = new StimulusSet(Enumerable.Range(0, 12).Select(i => new Edge(180, Offset: i * 0.25 - 1.5) { Noise = 0.2, Seed = 100 + i }));
        var report = Selectivity.Measure(model, unit, preferred, opposite, controls: 6, seed: 3);
        output.WriteLine(report.ToString());
        report.Feature.Inconclusive.Should().BeNull();
        report.Feature.CohensD.Should().BeGreaterThan(2);
        report.Feature.Ratio.Should().BeGreaterThan(5);
        report.Feature.Difference.ExcludesZero.Should().BeTrue();
        report.Controls.Should().HaveCount(6).And.OnlyContain(c => c.Feature.StartsWith("edges_relu:"));
        report.Controls.Should().NotContain(c => c.Feature == "edges_relu:2");
    }

    [Fact]
    public void A_curve_that_barely_varies_has_a_shallow_modulation_however_narrow_its_peak()
    {
        // The architecture-only light InceptionV1 has constant weights: its units answer every orientation with ~1.3e5
        // ± 10 %, and a narrow bump on that plateau has a small half-maximum width. Modulation tells it from tuning.
        var edges = Synthetic.Edges(Synthetic.Angles(30));
        var plateau = TuningCurve.OverOrientation(new ResponseSet("plateau", edges, edges.Select(s => s["orientation"] == 90 ? 1.1e5f : 1.0e5f).ToList()));
        var tuned = TuningCurve.OverOrientation(new ResponseSet("tuned", edges, edges.Select(s => s["orientation"] == 90 ? 2f : 0f).ToList()));
        plateau.HalfMaximumWidth.Should().BeLessThan(60, "the bump alone looks sharp");
        plateau.Modulation.Should().BeApproximately(0.1 / 1.1, 1e-6);
        tuned.Modulation.Should().Be(1);
        plateau.ToString().Should().Contain("modulation 0.0909");
    }

    [Fact]
    public void A_constant_response_is_inconclusive_never_a_pass()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var blanks = new StimulusSet(Enumerable.Range(0, 6).Select(_ => new Blank { Background = Rgb.Gray }));
        var comparison = Selectivity.Compare(model.Responses(blanks, model.Unit("edges_relu:0")), model.Responses(blanks, model.Unit("edges_relu:0")));
        comparison.Inconclusive.Should().Contain("every value is");
        double.IsNaN(comparison.CohensD).Should().BeTrue();
        var flat = TuningCurve.OverOrientation(model.Responses(Synthetic.Edges(Synthetic.Angles(30)) .With(s => s with { Foreground = Rgb.Gray, Background = Rgb.Gray }),
            model.Unit("edges_relu:0")));
        flat.Inconclusive.Should().Contain("constant response");
    }

    [Fact]
    public void Ablating_a_unit_removes_its_response_and_ablating_another_changes_nothing()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var stimuli = new StimulusSet(Enumerable.Range(0, 10).Select(i => new Edge(i * 3.0) { Noise = 0.1, Seed = i }));
        var target = model.Unit("edges_relu:2");
        var own = AblationEffect.Measure(model, stimuli, target, [model.Unit("edges:2").Zeroed()], seed: 1);
        var other = AblationEffect.Measure(model, stimuli, target, [model.Unit("edges:3").Zeroed()], seed: 1);
        output.WriteLine(own.ToString());
        output.WriteLine(other.ToString());
        own.RelativeChange.Should().BeApproximately(-1, 1e-6);
        own.Change.ExcludesZero.Should().BeTrue();
        other.MeanChange.Should().Be(0);
        other.Change.ExcludesZero.Should().BeFalse();

        var report = AblationEffect.MeasureWithControl(model, stimuli, target, model.Family("its own unit", "edges", 2), controls: 4, seed: 2);
        output.WriteLine(report.ToString());
        report.Effect.RelativeChange.Should().BeApproximately(-1, 1e-6);
        report.Controls.Should().HaveCount(4).And.OnlyContain(c => c.MeanChange == 0, "no other unit feeds this one");
        report.ControlsAtLeastAsStrong.Should().Be(0);
    }
}
