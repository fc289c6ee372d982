using System.Globalization;
using System.Text;
using CircuitSpec.Errors;

namespace CircuitSpec.Measurements;

/// <summary>
/// A feature's mean response over two stimulus parameters at once (e.g. orientation × curvature, the Curve Detectors
/// article's radial tuning maps), with the pair it prefers.
/// </summary>
public sealed class TuningMap
{
    private readonly double[,] _responses;

    private TuningMap(string feature, string rowParameter, string columnParameter, double[] rows, double[] columns, double[,] responses, double floor)
    {
        Feature = feature;
        RowParameter = rowParameter;
        ColumnParameter = columnParameter;
        Rows = rows;
        Columns = columns;
        _responses = responses;
        Inconclusive = Statistics.WhyInconclusive($"tuning map of {feature}", responses.Cast<double>().ToList(), floor);
    }

    public string Feature { get; }
    public string RowParameter { get; }
    public string ColumnParameter { get; }
    public IReadOnlyList<double> Rows { get; }
    public IReadOnlyList<double> Columns { get; }
    public string? Inconclusive { get; }

    /// <summary>The mean response at row value i and column value j (NaN where no stimulus had that pair).</summary>
    public double this[int i, int j] => _responses[i, j];

    public static TuningMap Over(ResponseSet responses, string rowParameter, string columnParameter)
    {
        var samples = responses.Stimuli.Select((s, i) => (Row: s[rowParameter], Column: s[columnParameter], Response: (double)responses.Values[i])).ToList();
        var rows = samples.Select(s => s.Row).Distinct().Order().ToArray();
        var columns = samples.Select(s => s.Column).Distinct().Order().ToArray();
        if (rows.Length < 2 || columns.Length < 2)
            throw new CircuitSpecException($"A tuning map needs at least 2 values of each parameter; the stimuli have {rows.Length} of '{rowParameter}' and {columns.Length} of '{columnParameter}'.");
        var map = new double[rows.Length, columns.Length];
        for (var i = 0; i < rows.Length; i++)
        for (var j = 0; j < columns.Length; j++)
        {
            var cell = samples.Where(s => s.Row == rows[i] && s.Column == columns[j]).Select(s => s.Response).ToList();
            map[i, j] = cell.Count == 0 ? double.NaN : cell.Average();
        }
        return new TuningMap(responses.Feature, rowParameter, columnParameter, rows, columns, map, responses.Floor);
    }

    /// <summary>The (row, column) parameter values with the largest mean response.</summary>
    public (double Row, double Column) Preferred
    {
        get
        {
            var best = (i: 0, j: 0);
            for (var i = 0; i < Rows.Count; i++)
            for (var j = 0; j < Columns.Count; j++)
                if (!(_responses[i, j] <= _responses[best.i, best.j]) && !double.IsNaN(_responses[i, j])) best = (i, j);
            return (Rows[best.i], Columns[best.j]);
        }
    }

    public override string ToString()
    {
        const string shades = " .:-=+*#%@";
        var values = _responses.Cast<double>().Where(double.IsFinite).ToList();
        var (low, high) = (values.DefaultIfEmpty(0).Min(), values.DefaultIfEmpty(0).Max());
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"tuning map of {Feature}: rows {RowParameter}, columns {ColumnParameter} " +
            $"({string.Join(", ", Columns.Select(c => c.ToString("G3", CultureInfo.InvariantCulture)))}); preferred {Preferred}");
        for (var i = 0; i < Rows.Count; i++)
        {
            var line = new string(Enumerable.Range(0, Columns.Count).Select(j => double.IsNaN(_responses[i, j]) ? '?'
                : shades[high == low ? 0 : (int)Math.Round((shades.Length - 1) * (_responses[i, j] - low) / (high - low))]).ToArray());
            text.AppendLine(CultureInfo.InvariantCulture, $"{Rows[i],8:G4} |{line}|");
        }
        return text.ToString();
    }
}
