using static TorchSharp.torch;
using static CircuitSpec.Models.Planted.PlantedCircuit;

namespace CircuitSpec.Models.Planted;

/// <summary>The planted circuit's hand-set kernels and biases (see <see cref="PlantedCircuit"/>).</summary>
internal sealed class PlantedWeights : IDisposable
{
    public const int EdgeKernel = 7, CurveKernel = 25, CircleKernel = 31;

    // Set by hand and confirmed by probing with arcs, lines and circles: the curve bias silences most straight lines
    // and the opposite arc (peak about 1.2–1.7, lines at most about 0.5), the circle bias every single arc (a ring of
    // radius 12 drives the circle detector to about 12).
    private const float CurveExcitation = 2f, CurveInhibition = 3f, CurveBias = -0.55f;
    private const float CircleWeight = 1f, CircleBias = -2.2f;
    private const float AndBias = -1.2f;

    private readonly Dictionary<string, Tensor> _kernels = [];
    private readonly Dictionary<string, Tensor> _biases = [];

    public Tensor Kernel(string layer) =>
        _kernels.TryGetValue(layer, out var kernel) ? kernel
            : throw new Errors.CircuitSpecException($"The planted circuit has no layer '{layer}' with weights; it has {string.Join(", ", _kernels.Keys)}.");

    public IEnumerable<(string Name, Tensor Value)> Named() =>
        _kernels.SelectMany(k => new[] { (k.Key + ".weight", k.Value), (k.Key + ".bias", _biases[k.Key]) });

    public void Dispose()
    {
        foreach (var t in _kernels.Values.Concat(_biases.Values)) t.Dispose();
    }

    public static PlantedWeights Create()
    {
        var weights = new PlantedWeights();
        weights.Add("edges", Edges(), new float[EdgeUnits + 3]);
        var (curves, curveBias) = Curves();
        weights.Add("curves", curves, curveBias);
        weights.Add("circles", Circles(), [CircleBias]);
        return weights;
    }

    private void Add(string layer, float[,,,] kernel, float[] bias)
    {
        var shape = new long[] { kernel.GetLength(0), kernel.GetLength(1), kernel.GetLength(2), kernel.GetLength(3) };
        _kernels[layer] = tensor(kernel.Cast<float>().ToArray(), shape);
        _biases[layer] = tensor(bias);
    }

    /// <summary>Odd (derivative) kernels for the edge detectors, each normalised to respond 1 to a full-contrast edge; centre taps for colours.</summary>
    private static float[,,,] Edges()
    {
        const int h = EdgeKernel / 2;
        var k = new float[EdgeUnits + 3, 3, EdgeKernel, EdgeKernel];
        for (var unit = 0; unit < EdgeUnits; unit++)
        {
            var (values, positive) = OddKernel(EdgeKernel, EdgeDirection(unit), spread: 8.0);
            for (var row = 0; row < EdgeKernel; row++)
            for (var column = 0; column < EdgeKernel; column++)
            for (var c = 0; c < 3; c++)
                k[unit, c, row, column] = (float)(values[row, column] / positive / 3);
        }
        for (var colour = 0; colour < 3; colour++)
        for (var c = 0; c < 3; c++)
            k[EdgeUnits + colour, c, h, h] = c == colour ? 1f : -0.5f;
        return k;
    }

    /// <summary>
    /// An odd (derivative) kernel, <paramref name="size"/>² taps, rising along <paramref name="direction"/> degrees:
    /// (x cos φ + y sin φ) · exp(−(x² + y²) / <paramref name="spread"/>), y up; and the sum of its positive taps, which
    /// divided out makes a full-contrast edge answer 1.
    /// </summary>
    internal static (double[,] Values, double Positive) OddKernel(int size, double direction, double spread)
    {
        var h = size / 2;
        var phi = double.DegreesToRadians(direction);
        var values = new double[size, size];
        for (var row = 0; row < size; row++)
        for (var column = 0; column < size; column++)
        {
            var (x, y) = (column - h, h - row);
            values[row, column] = (x * Math.Cos(phi) + y * Math.Sin(phi)) * Math.Exp(-(x * x + y * y) / spread);
        }
        return (values, values.Cast<double>().Where(v => v > 0).Sum());
    }

    private static (float[,,,] Kernel, float[] Bias) Curves()
    {
        var k = new float[CurveUnits + 2, EdgeUnits + 3, CurveKernel, CurveKernel];
        var bias = new float[CurveUnits + 2];
        for (var unit = 0; unit < CurveUnits; unit++)
        {
            Arc(k, unit, CurveOrientation(unit), CurveExcitation, 0);
            Arc(k, unit, CurveOrientation(unit) + 180, -CurveInhibition, 20);
            bias[unit] = CurveBias;
        }

        // Red above blue: red over the rows above the centre, blue over the rows below.
        const int h = CurveKernel / 2;
        for (var dy = 2; dy <= 8; dy++)
        for (var dx = -4; dx <= 4; dx++)
        {
            k[AndUnit, Red, h - dy, h + dx] = 1f / 63;
            k[AndUnit, Blue, h + dy, h + dx] = 1f / 63;
        }
        bias[AndUnit] = AndBias;

        // Polysemantic: the 90° curve detector plus green at the centre (green drives it to about 0.95, its arc to about 1.2).
        for (var s = 0; s < EdgeUnits; s++)
        for (var row = 0; row < CurveKernel; row++)
        for (var column = 0; column < CurveKernel; column++)
            k[PolysemanticUnit, s, row, column] = k[2, s, row, column];
        for (var dy = -2; dy <= 2; dy++)
        for (var dx = -2; dx <= 2; dx++)
            k[PolysemanticUnit, Green, h + dy, h + dx] = 1.5f / 25;
        bias[PolysemanticUnit] = CurveBias;
        return (k, bias);
    }

    /// <summary>
    /// Adds the edge detectors along an arc of <see cref="Radius"/> whose midpoint is the kernel's centre and whose
    /// convex side faces <paramref name="orientation"/>: at each point, the edge unit whose direction is the arc's
    /// outward normal there (the inner flank of a bright stroke), spread over neighbouring directions by cos⁴.
    /// Points closer than <paramref name="skipNearMidpoint"/> degrees to the midpoint are left out.
    /// </summary>
    private static void Arc(float[,,,] k, int unit, double orientation, float amplitude, double skipNearMidpoint)
    {
        const int h = CurveKernel / 2;
        var theta = double.DegreesToRadians(orientation);
        var (cx, cy) = (-Radius * Math.Cos(theta), -Radius * Math.Sin(theta));
        var deltas = Enumerable.Range(-12, 25).Select(i => i * 5.0).Where(d => Math.Abs(d) >= skipNearMidpoint).ToList();
        foreach (var delta in deltas)
        {
            var alpha = orientation + delta;
            var a = double.DegreesToRadians(alpha);
            // The inner flank of a 4-pixel stroke: 2 pixels inside the arc's radius.
            var (x, y) = (cx + (Radius - 2) * Math.Cos(a), cy + (Radius - 2) * Math.Sin(a));
            for (var edge = 0; edge < EdgeUnits; edge++)
            {
                var tuning = Math.Pow(Math.Max(0, Math.Cos(double.DegreesToRadians(alpha - EdgeDirection(edge)))), 4);
                if (tuning > 0) Splat(k, unit, edge, h + x, h - y, (float)(amplitude * tuning / deltas.Count));
            }
        }
    }

    /// <summary>The circle detector: each curve detector around the centre, at the position its orientation points to.</summary>
    private static float[,,,] Circles()
    {
        const int h = CircleKernel / 2;
        var k = new float[1, CurveUnits + 2, CircleKernel, CircleKernel];
        for (var unit = 0; unit < CurveUnits; unit++)
        {
            var theta = double.DegreesToRadians(CurveOrientation(unit));
            Splat(k, CircleUnit, unit, h + Radius * Math.Cos(theta), h - Radius * Math.Sin(theta), CircleWeight);
        }
        return k;
    }

    /// <summary>Adds <paramref name="value"/> at a fractional (column, row), shared bilinearly between the four nearest taps.</summary>
    private static void Splat(float[,,,] k, int unit, int source, double column, double row, float value)
    {
        var (c0, r0) = ((int)Math.Floor(column), (int)Math.Floor(row));
        var (fc, fr) = (column - c0, row - r0);
        foreach (var (dc, dr, share) in new[] { (0, 0, (1 - fc) * (1 - fr)), (1, 0, fc * (1 - fr)), (0, 1, (1 - fc) * fr), (1, 1, fc * fr) })
        {
            var (c, r) = (c0 + dc, r0 + dr);
            if (c >= 0 && r >= 0 && c < k.GetLength(3) && r < k.GetLength(2)) k[unit, source, r, c] += (float)(value * share);
        }
    }
}
