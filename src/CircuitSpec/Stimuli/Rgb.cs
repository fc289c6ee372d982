namespace CircuitSpec.Stimuli;

/// <summary>A colour with components in [0, 1].</summary>
public readonly record struct Rgb(float R, float G, float B)
{
    public static Rgb White { get; } = new(1, 1, 1);
    public static Rgb Black { get; } = new(0, 0, 0);
    public static Rgb Gray { get; } = new(0.5f, 0.5f, 0.5f);

    /// <summary>A colour from hue (degrees, 0 = red, 120 = green, 240 = blue), saturation and value in [0, 1].</summary>
    public static Rgb FromHsv(double hue, double saturation = 1, double value = 1)
    {
        var h = (hue % 360 + 360) % 360 / 60;
        var c = value * saturation;
        var x = c * (1 - Math.Abs(h % 2 - 1));
        var (r, g, b) = (int)h switch
        {
            0 => (c, x, 0.0), 1 => (x, c, 0.0), 2 => (0.0, c, x),
            3 => (0.0, x, c), 4 => (x, 0.0, c), _ => (c, 0.0, x),
        };
        var m = value - c;
        return new Rgb((float)(r + m), (float)(g + m), (float)(b + m));
    }

    public override string ToString() => $"rgb({R:0.##}, {G:0.##}, {B:0.##})";
}
