using System.Globalization;
using System.Text;

namespace CircuitSpec.Weights;

/// <summary>
/// The spatial weights from one source unit to one target unit: a [height, width] kernel, row 0 at the top, laid out
/// as the target sees its input (position (dx, dy) from the centre weighs the source at that offset).
/// </summary>
public sealed class KernelSlice
{
    private readonly float[] _values;

    public KernelSlice(string source, string target, int height, int width, float[] values, bool expanded)
    {
        if (values.Length != height * width) throw new ArgumentException($"{values.Length} values do not fill a {height}×{width} kernel.");
        Source = source;
        Target = target;
        Height = height;
        Width = width;
        _values = values;
        Expanded = expanded;
    }

    public string Source { get; }
    public string Target { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>True for expanded weights (through intermediate layers), false for a direct kernel slice.</summary>
    public bool Expanded { get; }

    /// <summary>The weight at row <paramref name="y"/> (0 = top), column <paramref name="x"/> (0 = left).</summary>
    public float this[int y, int x] => _values[y * Width + x];

    public IReadOnlyList<float> Values => _values;

    public double Sum => _values.Sum(v => (double)v);

    /// <summary>False when any weight is NaN or infinite (a diverged or corrupt model): no weight claim can be decided then.</summary>
    public bool IsFinite => Array.TrueForAll(_values, float.IsFinite);
    public double PositiveSum => _values.Where(v => v > 0).Sum(v => (double)v);

    /// <summary>The sum of the negative weights (a negative number, or 0).</summary>
    public double NegativeSum => _values.Where(v => v < 0).Sum(v => (double)v);

    public double AbsoluteSum => _values.Sum(v => Math.Abs((double)v));
    public double Max => _values.Max();
    public double Min => _values.Min();

    private double CentreY => (Height - 1) / 2.0;
    private double CentreX => (Width - 1) / 2.0;

    private bool InRegion(int y, int x, KernelRegion region) => region switch
    {
        KernelRegion.Top => y < CentreY,
        KernelRegion.Bottom => y > CentreY,
        KernelRegion.Left => x < CentreX,
        KernelRegion.Right => x > CentreX,
        _ => Math.Abs(y - CentreY) < 1 && Math.Abs(x - CentreX) < 1,
    };

    private IEnumerable<(int Y, int X, float Value)> Cells =>
        Enumerable.Range(0, Height).SelectMany(y => Enumerable.Range(0, Width).Select(x => (y, x, this[y, x])));

    /// <summary>The sum of the weights in a region of the kernel.</summary>
    public double SumIn(KernelRegion region) => Cells.Where(c => InRegion(c.Y, c.X, region)).Sum(c => (double)c.Value);

    /// <summary>The fraction of the kernel's positive weight that lies in a region (0 when it has none).</summary>
    public double PositiveShare(KernelRegion region) => Share(v => v > 0, PositiveSum, region);

    /// <summary>The fraction of the kernel's negative weight that lies in a region (0 when it has none).</summary>
    public double NegativeShare(KernelRegion region) => Share(v => v < 0, NegativeSum, region);

    private double Share(Func<float, bool> sign, double total, KernelRegion region) =>
        total == 0 ? 0 : Cells.Where(c => sign(c.Value) && InRegion(c.Y, c.X, region)).Sum(c => (double)c.Value) / total;

    /// <summary>The centroid (dx to the right, dy upwards, from the centre) of the positive weight.</summary>
    public (double Dx, double Dy) PositiveCentroid
    {
        get
        {
            var total = PositiveSum;
            if (total == 0) return (0, 0);
            var positive = Cells.Where(c => c.Value > 0).ToList();
            return (positive.Sum(c => c.Value * (c.X - CentreX)) / total, positive.Sum(c => c.Value * (CentreY - c.Y)) / total);
        }
    }

    /// <summary>
    /// The direction of the positive weight around the centre, in degrees counter-clockwise from "right"
    /// (90 = above, 180 = left, 270 = below); NaN when the positive weight is centred.
    /// </summary>
    public double PositiveAngle
    {
        get
        {
            var (dx, dy) = PositiveCentroid;
            if (Math.Abs(dx) < 1e-12 && Math.Abs(dy) < 1e-12) return double.NaN;
            var degrees = Math.Atan2(dy, dx) * 180 / Math.PI;
            return degrees < 0 ? degrees + 360 : degrees;
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{(Expanded ? "expanded weights" : "weights")} {Source} → {Target} ({Height}×{Width}): sum {Sum:G3}, positive {PositiveSum:G3}, negative {NegativeSum:G3}");
        for (var y = 0; y < Height; y++)
            text.AppendLine(string.Join(" ", Enumerable.Range(0, Width).Select(x => this[y, x].ToString("+0.000;-0.000", CultureInfo.InvariantCulture))));
        return text.ToString();
    }
}
