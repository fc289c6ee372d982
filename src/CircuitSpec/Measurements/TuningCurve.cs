using System.Globalization;
using System.Text;
using CircuitSpec.Errors;

namespace CircuitSpec.Measurements;

/// <summary>
/// A feature's mean response as a function of one stimulus parameter (averaged over the others): its preferred
/// value, its tuning width (full width at half maximum above its minimum), and — for angles — whether it has an
/// "echo", a secondary peak half a turn away (Curve Detectors: some curve detectors also respond to the opposite
/// orientation).
/// </summary>
public sealed class TuningCurve
{
    private TuningCurve(string feature, string parameter, double period, IReadOnlyList<(double Value, double Response)> points, double floor)
    {
        Feature = feature;
        Parameter = parameter;
        Period = period;
        Points = points;
        Inconclusive = Statistics.WhyInconclusive($"tuning of {feature} over {parameter}", points.Select(p => p.Response).ToList(), floor);
    }

    public string Feature { get; }
    public string Parameter { get; }

    /// <summary>The parameter's period (360 for orientations), or 0 for a non-circular parameter.</summary>
    public double Period { get; }

    /// <summary>(parameter value, mean response), sorted by value.</summary>
    public IReadOnlyList<(double Value, double Response)> Points { get; }

    /// <summary>Null when the curve can support a conclusion; otherwise why not.</summary>
    public string? Inconclusive { get; }

    public bool IsCircular => Period > 0;

    /// <summary>
    /// Builds the curve from responses to stimuli that vary <paramref name="parameter"/>; a circular parameter
    /// (orientation) has a period (360°, or 180° for lines and gratings whose orientation repeats).
    /// </summary>
    public static TuningCurve Over(ResponseSet responses, string parameter, double period = 0)
    {
        var points = responses.Stimuli.Select((s, i) => (Value: Circular.Wrap(s[parameter], period), Response: (double)responses.Values[i]))
            .GroupBy(p => p.Value)
            .Select(g => (g.Key, g.Average(p => p.Response)))
            .OrderBy(p => p.Key)
            .ToList();
        if (points.Count < 3)
            throw new CircuitSpecException($"A tuning curve over '{parameter}' needs at least 3 distinct values; the stimuli have {points.Count}.");
        return new TuningCurve(responses.Feature, parameter, period, points, responses.Floor);
    }

    /// <summary>The tuning of an orientation: period 360°.</summary>
    public static TuningCurve OverOrientation(ResponseSet responses, double period = 360) => Over(responses, "orientation", period);

    private int PeakIndex => Points.Select((p, i) => (p.Response, i)).MaxBy(p => p.Response).i;

    public double Peak => Points[PeakIndex].Response;
    public double Minimum => Points.Min(p => p.Response);

    /// <summary>
    /// How deeply the response varies: (peak − minimum) / the larger magnitude of the two. 1 for a unit that falls silent
    /// away from its preference, near 0 for one that barely varies (whose half-maximum width alone can look narrow).
    /// </summary>
    public double Modulation
    {
        get
        {
            var scale = Math.Max(Math.Abs(Peak), Math.Abs(Minimum));
            return scale == 0 ? 0 : (Peak - Minimum) / scale;
        }
    }

    /// <summary>The grid value with the largest response, refined by a parabola through it and its neighbours.</summary>
    public double Preferred
    {
        get
        {
            var i = PeakIndex;
            if (!IsCircular && (i == 0 || i == Points.Count - 1)) return Points[i].Value;
            var n = Points.Count;
            var (left, right) = (Points[(i - 1 + n) % n], Points[(i + 1) % n]);
            var step = Step(left.Value, Points[i].Value);
            var curvature = left.Response - 2 * Points[i].Response + right.Response;
            var shift = curvature == 0 ? 0 : 0.5 * (left.Response - right.Response) / curvature;
            return Circular.Wrap(Points[i].Value + Math.Clamp(shift, -0.5, 0.5) * step, Period);
        }
    }

    private double Step(double from, double to) => Circular.Wrap(to - from, Period);

    /// <summary>
    /// The full width at half maximum: the extent around the peak where the response stays above the midpoint between
    /// the minimum and the peak, interpolated between grid points.
    /// </summary>
    public double HalfMaximumWidth
    {
        get
        {
            var half = (Peak + Minimum) / 2;
            var n = Points.Count;
            double Walk(int direction)
            {
                var (i, width) = (PeakIndex, 0.0);
                for (var steps = 0; steps < n; steps++)
                {
                    var j = i + direction;
                    if (IsCircular) j = (j + n) % n;
                    else if (j < 0 || j >= n) return width;
                    var gap = Math.Abs(direction > 0 ? Step(Points[i].Value, Points[j].Value) : Step(Points[j].Value, Points[i].Value));
                    if (Points[j].Response < half)
                        return width + gap * (Points[i].Response - half) / (Points[i].Response - Points[j].Response);
                    width += gap;
                    i = j;
                }
                return width;
            }
            return Math.Min(Walk(-1) + Walk(1), IsCircular ? Period : double.PositiveInfinity);
        }
    }

    /// <summary>The response half a period from the preferred value, relative to the peak (both above the minimum).</summary>
    public double EchoRatio
    {
        get
        {
            if (!IsCircular) throw new CircuitSpecException($"An echo needs a circular parameter; '{Parameter}' has no period.");
            var opposite = Circular.Wrap(Points[PeakIndex].Value + Period / 2, Period);
            var nearest = Points.MinBy(p => Circular.Distance(p.Value, opposite, Period));
            var range = Peak - Minimum;
            return range == 0 ? 0 : (nearest.Response - Minimum) / range;
        }
    }

    /// <summary>Whether the response half a turn away reaches <paramref name="minRatio"/> of the peak.</summary>
    public bool HasEcho(double minRatio = 0.5) => EchoRatio >= minRatio;

    /// <summary>One line: preferred value, peak, width, modulation, echo, and why it is inconclusive if it is.</summary>
    public string Summary
    {
        get
        {
            var echo = IsCircular ? string.Create(CultureInfo.InvariantCulture, $", echo {EchoRatio:P0}") : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"tuning of {Feature} over {Parameter}: preferred {Preferred:G4}, peak {Peak:G4}, FWHM {HalfMaximumWidth:G4}, modulation " +
                    $"{Modulation:G3}{echo}{(Inconclusive is null ? "" : " — inconclusive: " + Inconclusive)}");
        }
    }

    /// <summary>The curve as a series for plots: response over the parameter.</summary>
    public EvidenceSeries AsSeries() =>
        new($"tuning of {Feature}", Parameter, "response", Points.Select(p => p.Value).ToList(), Points.Select(p => p.Response).ToList());

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(Summary);
        foreach (var (value, response) in Points)
            text.AppendLine(CultureInfo.InvariantCulture, $"{value,8:G4}  {response,10:G4}  " +
                $"{new string('#', Peak - Minimum == 0 ? 0 : (int)Math.Round(30 * (response - Minimum) / (Peak - Minimum)))}");
        return text.ToString();
    }
}
