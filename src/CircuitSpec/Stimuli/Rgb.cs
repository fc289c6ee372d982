namespace CircuitSpec.Stimuli;

/// <summary>A colour with components in [0, 1].</summary>
public readonly record struct Rgb(float R, float G, float B)
{
    public static Rgb White { get; } = new(1, 1, 1);
    public static Rgb Black { get; } = new(0, 0, 0);
    public static Rgb Gray { get; } = new(0.5f, 0.5f, 0.5f);

    public override string ToString() => $"rgb({R:0.##}, {G:0.##}, {B:0.##})";
}
