using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Models.Graph;
using CircuitSpec.Stimuli;
using static TorchSharp.torch;

namespace CircuitSpec.Bench.Rows;

/// <summary>Rows 4 and 5: rendering 1,000 curves, and one unit's tuning over 16 orientations × 8 curvatures end to end.</summary>
public static class StimulusRows
{
    public static IEnumerable<BenchRow> Run(GraphNetwork model, Options options)
    {
        var curves = new StimulusSet(Enumerable.Range(0, 1000).Select(i => new Curve(Orientation: i * 0.36, Radius: 8 + i % 60, Width: 2 + i % 5)));
        var render = Timing.Median(() => { using var s = NewDisposeScope(); curves.Render(224); }, options.Repetitions);
        yield return new BenchRow("4. Rendering 1,000 curves at 224×224", $"{Timing.Seconds(render)} ({1000 / render:F0} stimuli/s)",
            null, "< 1 s", render < 1) { Numbers = { ["render_s"] = render } };

        // 16 orientations × 8 curvatures (radius 112/k px for k = 1..8, curvature k/112).
        var grid = Synthetic.Curves(Synthetic.Angles(22.5), Enumerable.Range(1, 8).Select(k => 112.0 / k));
        var unit = model.Unit("layer2:89");
        TuningMap? map = null;
        var tuning = Timing.Median(() => map = TuningMap.Over(model.Responses(grid, unit), "radius", "orientation"), options.Repetitions);
        var forward = Timing.Median(() => { using var s = NewDisposeScope(); model.Run(grid.Render(model.Input)); }, options.Repetitions);
        yield return new BenchRow($"5. Tuning of {unit.Label} over 16 orientations × 8 curvatures (128 stimuli), end to end",
            $"{Timing.Seconds(tuning)} (a full forward of the same 128 rendered images: {Timing.Seconds(forward)}); peak at radius {map!.Preferred.Row:G3}, orientation {map.Preferred.Column:G3}°",
            tuning / forward, "reported (ratio: vs a full forward of the 128 images)", null)
        {
            Numbers = { ["tuning_s"] = tuning, ["full_forward_128_s"] = forward },
        };
    }
}
