using CircuitSpec.Measurements;
using ScottPlot;

namespace CircuitSpec.Pictures;

/// <summary>Plots of measurements (ScottPlot): tuning curves, orientation × curvature maps, ablation effects.</summary>
public static class Plots
{
    /// <summary>A tuning curve: response against the parameter, the preferred value marked.</summary>
    public static Picture Tuning(TuningCurve curve, int width = 480, int height = 320)
    {
        var plot = NewPlot($"{curve.Feature}: tuning over {curve.Parameter}", curve.Parameter, "response");
        var line = plot.Add.Scatter(curve.Points.Select(p => p.Value).ToArray(), curve.Points.Select(p => p.Response).ToArray());
        line.LegendText = "response";
        if (curve.Inconclusive is null)
        {
            var preferred = plot.Add.VerticalLine(curve.Preferred);
            preferred.LegendText = $"preferred {curve.Preferred:G3}";
            preferred.LinePattern = LinePattern.Dashed;
        }
        plot.ShowLegend(Alignment.UpperCenter);
        return Render(plot, width, height);
    }

    /// <summary>A heat map of responses over two parameters (rows × columns), e.g. orientation × curvature.</summary>
    public static Picture Map(TuningMap map, int width = 480, int height = 360)
    {
        var plot = NewPlot($"{map.Feature}: {map.RowParameter} × {map.ColumnParameter}", map.ColumnParameter, map.RowParameter);
        var values = new double[map.Rows.Count, map.Columns.Count];
        for (var i = 0; i < map.Rows.Count; i++)
        for (var j = 0; j < map.Columns.Count; j++)
            values[map.Rows.Count - 1 - i, j] = map[i, j]; // ScottPlot draws row 0 at the top; keep the first row at the bottom
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // One cell per measured value, labelled with it (the values need not be evenly spaced).
        // ScottPlot's extent names the centres of the outer cells: cell i is centred on i.
        heatmap.Extent = new CoordinateRect(0, Math.Max(1, map.Columns.Count - 1), 0, Math.Max(1, map.Rows.Count - 1));
        plot.Axes.Bottom.SetTicks(Ticks(map.Columns.Count), Labels(map.Columns));
        plot.Axes.Left.SetTicks(Ticks(map.Rows.Count), Labels(map.Rows));
        plot.Add.ColorBar(heatmap);
        return Render(plot, width, height);
    }

    /// <summary>A bar per labelled value (e.g. a head's mean attention by relative position).</summary>
    public static Picture Bars(string title, IReadOnlyList<(string Label, double Value)> bars, string xLabel, string yLabel, int width = 560, int height = 320)
    {
        var plot = NewPlot(title, xLabel, yLabel);
        plot.Add.Bars(bars.Select(b => b.Value).ToArray());
        var ticks = Ticks(bars.Count);
        plot.Axes.Bottom.SetTicks(ticks, ticks.Select(t => bars[(int)t].Label).ToArray());
        plot.Axes.Margins(bottom: 0);
        return Render(plot, width, height);
    }

    /// <summary>A matrix as a heat map, row 0 at the top (e.g. an attention pattern: queries × keys).</summary>
    public static Picture Matrix(string title, double[,] values, IReadOnlyList<string> rows, IReadOnlyList<string> columns, string xLabel, string yLabel,
        int width = 560, int height = 520)
    {
        var plot = NewPlot(title, xLabel, yLabel);
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(0, Math.Max(1, columns.Count - 1), 0, Math.Max(1, rows.Count - 1));
        // Every row and column labelled: a matrix's labels are its tokens, and none may go missing.
        var (across, down) = (Enumerable.Range(0, columns.Count).Select(i => (double)i).ToArray(), Enumerable.Range(0, rows.Count).Select(i => (double)i).ToArray());
        plot.Axes.Bottom.SetTicks(across, across.Select(t => columns[(int)t]).ToArray());
        plot.Axes.Left.SetTicks(down, down.Select(t => rows[rows.Count - 1 - (int)t]).ToArray()); // position 0 is the bottom row
        plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
        plot.Add.ColorBar(heatmap);
        return Render(plot, width, height);
    }

    /// <summary>The target's mean change under the ablation beside each random-unit control, with 95 % intervals.</summary>
    public static Picture Ablation(AblationReport report, int width = 480, int height = 320)
    {
        var plot = NewPlot($"{report.Effect.Target}: change under ablation", "", "mean change in response");
        var results = new List<AblationResult> { report.Effect };
        results.AddRange(report.Controls);
        var bars = results.Select((r, i) => new Bar
        {
            Position = i,
            Value = r.MeanChange,
            Error = (r.Change.High - r.Change.Low) / 2,
            FillColor = i == 0 ? Colors.FireBrick : Colors.Gray,
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, results.Count).Select(i => (double)i).ToArray(),
            results.Select((r, i) => i == 0 ? "ablated" : $"control {i}").ToArray());
        plot.Add.HorizontalLine(0, color: Colors.Black);
        return Render(plot, width, height);
    }

    // At most about 12 labelled ticks on an axis.
    private static double[] Ticks(int count) => Enumerable.Range(0, count).Where(i => i % Math.Max(1, (count + 11) / 12) == 0).Select(i => (double)i).ToArray();

    private static string[] Labels(IReadOnlyList<double> values) =>
        Ticks(values.Count).Select(i => values[(int)i].ToString("G4", System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    private static Plot NewPlot(string title, string x, string y)
    {
        Typography.UseForPlots();
        var plot = new Plot();
        plot.Title(title, size: 13);
        plot.XLabel(x, size: 12);
        plot.YLabel(y, size: 12);
        return plot;
    }

    private static Picture Render(Plot plot, int width, int height) => Picture.Decode(plot.GetImageBytes(width, height, ImageFormat.Png));
}
