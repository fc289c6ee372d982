using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Pictures;
using CircuitSpec.Snapshots;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;
using CircuitSpec.Weights;

namespace CircuitSpec.Tests.Visuals;

/// <summary>Weight diagrams, plots and contact sheets draw what was measured, and their pictures are reviewed as snapshots.</summary>
public sealed class PictureTests
{
    private static (byte R, byte G, byte B) At(Picture p, int x, int y)
    {
        var o = (y * p.Width + x) * 4;
        return (p.Rgba[o], p.Rgba[o + 1], p.Rgba[o + 2]);
    }

    [Fact]
    public void A_weight_diagram_draws_excitation_red_and_inhibition_blue_where_the_kernel_has_it()
    {
        using var model = PlantedModels.TwoLayers();
        var diagram = WeightDiagram.Draw(model.Unit("b:0"), "a_relu", top: 3, by: WeightMeasure.Absolute);
        // Ranked by absolute weight: a_relu:1 (−0.25 everywhere, 2.25), a_relu:0 (top row 0.5, 1, 0.5), a_relu:2 (0.001).
        const float size = 76f / 3;
        (int X, int Y) Cell(int index, int row, int column) => ((int)(4 + index * 88 + 6 + (column + 0.5f) * size), (int)(28 + (row + 0.5f) * size));
        var inhibition = Cell(0, 1, 1);
        At(diagram, inhibition.X, inhibition.Y).Should().Be(((byte)191, (byte)191, (byte)255), "−0.25 of the largest weight (1) is a pale blue");
        var peak = Cell(1, 0, 1);
        At(diagram, peak.X, peak.Y).Should().Be(((byte)255, (byte)0, (byte)0), "the largest weight is full red");
        var half = Cell(1, 0, 0);
        At(diagram, half.X, half.Y).Should().Be(((byte)255, (byte)128, (byte)128));
        var empty = Cell(1, 2, 1);
        At(diagram, empty.X, empty.Y).Should().Be(((byte)255, (byte)255, (byte)255), "no weight is white");
    }

    [Fact]
    public void A_contact_sheet_places_each_stimulus_as_rendered()
    {
        var stimuli = new StimulusSet([new Line(0), new Curve(90, 10)]);
        var sheet = ContactSheet.Draw(stimuli, columns: 2, thumbnail: 32);
        for (var i = 0; i < 2; i++)
        {
            var expected = stimuli[i].ToPicture(32);
            for (var y = 0; y < 32; y += 3)
            for (var x = 0; x < 32; x += 3)
                At(sheet, 4 + i * 36 + x, 4 + y).Should().Be(At(expected, x, y), $"pixel ({x}, {y}) of stimulus {i}");
        }
    }

    [Fact]
    public async Task The_weight_diagram_of_a_planted_circuit_matches_its_snapshot()
    {
        using var model = PlantedModels.TwoLayers();
        await WeightDiagram.Draw(model.Unit("b:0"), "a_relu", top: 3).Should().MatchSnapshot();
    }

    [Fact]
    public async Task A_tuning_curve_plot_matches_its_snapshot()
    {
        using var model = PlantedModels.OrientedEdges([0, 90, 180, 270]);
        var curve = TuningCurve.OverOrientation(model.Responses(Synthetic.Edges(Synthetic.Angles(15)), model.Unit("edges_relu:1")));
        var plot = Plots.Tuning(curve);
        (plot.Width, plot.Height).Should().Be((480, 320));
        await plot.Should().MatchSnapshot();
    }

    [Fact]
    public async Task An_orientation_by_curvature_map_and_an_ablation_chart_match_their_snapshots()
    {
        using var model = PlantedModels.OrientedEdges([0, 90, 180, 270]);
        var curves = Synthetic.Curves(Synthetic.Angles(30), [8, 16, 32]);
        var map = TuningMap.Over(model.Responses(curves, model.Unit("edges_relu:1")), "radius", "orientation");
        await Plots.Map(map).Should().MatchSnapshot(name: "map");

        var jittered = new StimulusSet(Enumerable.Range(0, 8).Select(i => new Edge(0, Offset: i * 0.4 - 1.5) { Noise = 0.1, Seed = i }));
        var report = AblationEffect.MeasureWithControl(model, jittered, model.Unit("edges_relu:1"), model.Family("one", "edges_relu", 1), controls: 3);
        await Plots.Ablation(report).Should().MatchSnapshot(name: "ablation");
    }
}
