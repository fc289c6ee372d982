namespace CircuitSpec.Measurements;

/// <summary>Arithmetic on circular parameters (orientations): values wrap at their period.</summary>
public static class Circular
{
    /// <summary>The value wrapped into [0, period); unchanged when the parameter is not circular (period 0).</summary>
    public static double Wrap(double value, double period) => period > 0 ? ((value % period) + period) % period : value;

    /// <summary>The signed difference a − b wrapped into [−period/2, period/2).</summary>
    public static double Difference(double a, double b, double period) => ((a - b) % period + 1.5 * period) % period - period / 2;

    /// <summary>How far apart a and b are around the circle (plain distance when period is 0).</summary>
    public static double Distance(double a, double b, double period) => period > 0 ? Math.Abs(Difference(a, b, period)) : Math.Abs(a - b);
}
