using System.Globalization;
using CircuitSpec.Errors;
using FsCheck;
using FsCheck.Fluent;

namespace CircuitSpec.Stimuli;

/// <summary>A parameter's range in a stimulus space.</summary>
public readonly record struct ParameterRange(string Name, double Low, double High)
{
    public double Centre => (Low + High) / 2;
    public override string ToString() => $"{Name} in [{Low.ToString("G4", CultureInfo.InvariantCulture)}, {High.ToString("G4", CultureInfo.InvariantCulture)}]";
}

/// <summary>
/// A region of stimulus parameters for property-based probing ("every curve within ±15° of the preferred orientation
/// with a radius between 20 and 60"). FsCheck draws points in it; shrinking moves each parameter toward the centre of
/// its range — the simplest, most typical stimulus of the region.
/// </summary>
public sealed class StimulusSpace
{
    private const int Steps = 1000;
    private readonly Func<IReadOnlyDictionary<string, double>, Stimulus> _make;

    public StimulusSpace(string description, IReadOnlyList<ParameterRange> parameters, Func<IReadOnlyDictionary<string, double>, Stimulus> make)
    {
        if (parameters.Count == 0) throw new CircuitSpecException($"Stimulus space '{description}' needs at least one parameter range.");
        foreach (var p in parameters)
            if (!(p.Low <= p.High)) throw new CircuitSpecException($"Stimulus space '{description}': {p} is empty.");
        Description = description;
        Parameters = parameters;
        _make = make;
    }

    public string Description { get; }
    public IReadOnlyList<ParameterRange> Parameters { get; }

    /// <summary>Curves with orientation and radius in the given ranges (other parameters fixed).</summary>
    public static StimulusSpace Curves((double Low, double High) orientation, (double Low, double High) radius, double arcLength = 90, double width = 4) =>
        new($"curves with orientation in [{orientation.Low}, {orientation.High}]°, radius in [{radius.Low}, {radius.High}] px",
            [new("orientation", orientation.Low, orientation.High), new("radius", radius.Low, radius.High)],
            p => new Curve(p["orientation"], p["radius"], arcLength, width));

    /// <summary>Straight lines with orientation and offset from the centre in the given ranges.</summary>
    public static StimulusSpace Lines((double Low, double High) orientation, (double Low, double High)? offset = null, double width = 4) =>
        new($"lines with orientation in [{orientation.Low}, {orientation.High}]°",
            [new("orientation", orientation.Low, orientation.High), new("offset", (offset ?? (0, 0)).Low, (offset ?? (0, 0)).High)],
            p => new Line(p["orientation"], width, Offset: p["offset"]));

    /// <summary>Edges with orientation and offset (along the normal, in pixels) in the given ranges.</summary>
    public static StimulusSpace Edges((double Low, double High) orientation, (double Low, double High)? offset = null) =>
        new($"edges with orientation in [{orientation.Low}, {orientation.High}]°",
            [new("orientation", orientation.Low, orientation.High), new("offset", (offset ?? (0, 0)).Low, (offset ?? (0, 0)).High)],
            p => new Edge(p["orientation"], p["offset"]));

    /// <summary>Gratings with orientation and wavelength in the given ranges.</summary>
    public static StimulusSpace Gratings((double Low, double High) orientation, (double Low, double High) wavelength) =>
        new($"gratings with orientation in [{orientation.Low}, {orientation.High}]°, wavelength in [{wavelength.Low}, {wavelength.High}] px",
            [new("orientation", orientation.Low, orientation.High), new("wavelength", wavelength.Low, wavelength.High)],
            p => new Grating(p["orientation"], p["wavelength"]));

    /// <summary>
    /// Colour patches with hue (degrees) and saturation in the given ranges, at full value, on a
    /// <paramref name="background"/> (grey by default): shrinking moves toward the range's middle hue.
    /// </summary>
    public static StimulusSpace ColourPatches((double Low, double High) hue, (double Low, double High)? saturation = null, double radius = double.PositiveInfinity,
        Rgb? background = null) =>
        new($"colour patches with hue in [{hue.Low}, {hue.High}]°, saturation in [{(saturation ?? (1, 1)).Low}, {(saturation ?? (1, 1)).High}]",
            [new("hue", hue.Low, hue.High), new("saturation", (saturation ?? (1, 1)).Low, (saturation ?? (1, 1)).High)],
            p => new ColourPatch(radius) { Foreground = Rgb.FromHsv(p["hue"], p["saturation"]), Background = background ?? Rgb.Gray });

    /// <summary>The stimulus at integer coordinates in [−1000, 1000] per parameter (0 = the range's centre).</summary>
    public Stimulus At(IReadOnlyList<int> coordinates) => _make(Values(coordinates).ToDictionary(x => x.Name, x => x.Value));

    /// <summary>The point's parameter values, as "hue=337.5, saturation=1".</summary>
    public string Describe(IReadOnlyList<int> coordinates) =>
        string.Join(", ", Values(coordinates).Select(x => $"{x.Name}={x.Value.ToString("G4", CultureInfo.InvariantCulture)}"));

    private IEnumerable<(string Name, double Value)> Values(IReadOnlyList<int> coordinates) =>
        Parameters.Select((p, i) => (p.Name, p.Centre + coordinates[i] / (double)Steps * (p.High - p.Low) / 2));

    internal Arbitrary<int[]> Arbitrary =>
        Arb.From(
            Gen.ArrayOf(Gen.Choose(-Steps, Steps), Parameters.Count),
            point => Enumerable.Range(0, point.Length).Where(i => point[i] != 0)
                .SelectMany(i => new[] { 0, point[i] / 2 }.Distinct().Select(v => point.Select((x, j) => j == i ? v : x).ToArray())));

    public override string ToString() => Description;
}
