using System.Globalization;
using CircuitSpec.Errors;
using static TorchSharp.torch;

namespace CircuitSpec.Stimuli;

/// <summary>
/// A synthetic stimulus with exact geometry: a shape drawn in a foreground colour over a background (optionally with
/// seeded noise). Every stimulus carries its parameters by name, for tuning curves, plots, reports and shrinking.
/// Positions and lengths are in pixels from the image centre (Y upwards); angles in degrees counter-clockwise from
/// "right".
/// </summary>
public abstract record Stimulus
{
    public Rgb Foreground { get; init; } = Rgb.White;
    public Rgb Background { get; init; } = Rgb.Black;

    /// <summary>Amplitude of uniform noise added to the background (0 = a uniform background).</summary>
    public double Noise { get; init; }

    /// <summary>Seeds the background noise.</summary>
    public int Seed { get; init; }

    /// <summary>"curve", "line", "grating", …</summary>
    public abstract string Kind { get; }

    /// <summary>The shape's parameters, by name, in a fixed order.</summary>
    public abstract IReadOnlyList<(string Name, double Value)> Geometry { get; }

    /// <summary>A parameter's value by name (geometry, or "noise").</summary>
    public double this[string parameter] =>
        parameter == "noise" ? Noise
        : Geometry.Where(p => p.Name == parameter).Select(p => (double?)p.Value).FirstOrDefault()
          ?? throw new CircuitSpecException($"A {Kind} stimulus has no parameter '{parameter}'; it has {string.Join(", ", Geometry.Select(p => p.Name))}, noise.");

    /// <summary>
    /// The shape's coverage in [0, 1] for a group of stimuli of this type, [B, H, W]. <paramref name="column"/> gives a
    /// parameter's values for the whole group as [B, 1, 1]; the receiver's own values are not used.
    /// </summary>
    internal abstract Tensor Coverage(Grid grid, Func<string, Tensor> column);

    /// <summary>The parameters with the colours and noise: "curve(orientation=30, …) in rgb(1, 0, 0) on rgb(0, 0, 0)".</summary>
    public string Describe() =>
        $"{this} in {Foreground} on {Background}{(Noise > 0 ? $", noise {Noise.ToString("G3", CultureInfo.InvariantCulture)} (seed {Seed})" : "")}";

    public sealed override string ToString() =>
        $"{Kind}({string.Join(", ", Geometry.Select(p => $"{p.Name}={p.Value.ToString("G4", CultureInfo.InvariantCulture)}"))})";
}
