using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Stimuli;

/// <summary>
/// An arc of a circle (the Curve Detectors article's "radial tuning" stimulus): its midpoint at (X, Y), its convex side
/// facing <see cref="Orientation"/>, spanning <see cref="ArcLength"/> degrees of a circle of <see cref="Radius"/>
/// pixels (curvature 1/radius). Filled, it is the circular sector instead of its rim.
/// </summary>
public sealed record Curve(double Orientation, double Radius = 40, double ArcLength = 90, double Width = 4, double X = 0, double Y = 0, bool Filled = false)
    : Stimulus
{
    public override string Kind => "curve";

    public override IReadOnlyList<(string Name, double Value)> Geometry =>
    [
        ("orientation", Orientation), ("radius", Radius), ("curvature", 1 / Radius), ("arc", ArcLength), ("width", Width),
        ("x", X), ("y", Y), ("filled", Filled ? 1 : 0),
    ];

    internal override Tensor Coverage(Grid grid, Func<string, Tensor> column)
    {
        var (theta, r, half) = (Grid.Radians(column("orientation")), column("radius"), Grid.Radians(column("arc")).DividedBy(2));
        var (cx, cy) = (column("x") - r * theta.cos(), column("y") - r * theta.sin());
        var (dx, dy) = (grid.X - cx, grid.Y - cy);
        var rho = dx.Squared().Plus(dy.Squared()).sqrt();
        // Within the arc's angular span around its centre: cos(angle to the orientation) ≥ cos(half the span).
        var inside = (dx * theta.cos()).Plus(dy * theta.sin()) >= rho * half.cos();
        var toEnds = minimum(grid.DistanceTo(cx.Plus(r * theta.Plus(half).cos()), cy.Plus(r * theta.Plus(half).sin())),
            grid.DistanceTo(cx.Plus(r * (theta - half).cos()), cy.Plus(r * (theta - half).sin())));
        var rim = Grid.Stroke(where(inside, (rho - r).abs(), toEnds), column("width"));
        var sector = Grid.Fill(rho - r) * inside.to(ScalarType.Float32);
        return where(column("filled").GreaterThan(0.5), sector, rim);
    }
}

/// <summary>A straight line through (X, Y) at <see cref="Orientation"/>, shifted by <see cref="Offset"/> along its normal.</summary>
public sealed record Line(double Orientation, double Width = 4, double Length = double.PositiveInfinity, double Offset = 0, double X = 0, double Y = 0)
    : Stimulus
{
    public override string Kind => "line";

    public override IReadOnlyList<(string Name, double Value)> Geometry =>
        [("orientation", Orientation), ("width", Width), ("length", Length), ("offset", Offset), ("x", X), ("y", Y)];

    internal override Tensor Coverage(Grid grid, Func<string, Tensor> column)
    {
        var theta = Grid.Radians(column("orientation"));
        var (px, py) = (grid.X - column("x"), grid.Y - column("y"));
        var along = (px * theta.cos()).Plus(py * theta.sin());
        var across = (-px * theta.sin()).Plus(py * theta.cos()) - column("offset");
        var beyond = (along.abs() - column("length").DividedBy(2)).AtLeast(0);
        return Grid.Stroke(across.Squared().Plus(beyond.Squared()).sqrt(), column("width"));
    }
}

/// <summary>
/// An edge: the boundary through (X, Y) runs at <see cref="Orientation"/>; the foreground fills the side to its left
/// (the side the orientation's normal, rotated +90°, points to). With two colours it is a colour-contrast edge.
/// </summary>
public sealed record Edge(double Orientation, double Offset = 0, double X = 0, double Y = 0) : Stimulus
{
    public override string Kind => "edge";

    public override IReadOnlyList<(string Name, double Value)> Geometry => [("orientation", Orientation), ("offset", Offset), ("x", X), ("y", Y)];

    internal override Tensor Coverage(Grid grid, Func<string, Tensor> column)
    {
        var theta = Grid.Radians(column("orientation"));
        var across = (-(grid.X - column("x")) * theta.sin()).Plus((grid.Y - column("y")) * theta.cos()) - column("offset");
        return Grid.Fill(-across);
    }
}

/// <summary>Two rays from a vertex at (X, Y), <see cref="Opening"/> degrees apart, their bisector at <see cref="Orientation"/>.</summary>
public sealed record Angle(double Orientation, double Opening = 90, double Width = 4, double Length = 60, double X = 0, double Y = 0) : Stimulus
{
    public override string Kind => "angle";

    public override IReadOnlyList<(string Name, double Value)> Geometry =>
        [("orientation", Orientation), ("opening", Opening), ("width", Width), ("length", Length), ("x", X), ("y", Y)];

    internal override Tensor Coverage(Grid grid, Func<string, Tensor> column)
    {
        var (theta, half) = (Grid.Radians(column("orientation")), Grid.Radians(column("opening")).DividedBy(2));
        var (px, py, length) = (grid.X - column("x"), grid.Y - column("y"), column("length"));
        Tensor Ray(Tensor direction)
        {
            var t = (px * direction.cos()).Plus(py * direction.sin()).AtLeast(0).minimum(length);
            return (px - t * direction.cos()).Squared().Plus((py - t * direction.sin()).Squared()).sqrt();
        }
        return Grid.Stroke(minimum(Ray(theta.Plus(half)), Ray(theta - half)), column("width"));
    }
}

/// <summary>A circle (ring) of <see cref="Radius"/> centred at (X, Y), or a disc when filled.</summary>
public sealed record Circle(double Radius, double Width = 4, bool Filled = false, double X = 0, double Y = 0) : Stimulus
{
    public override string Kind => "circle";

    public override IReadOnlyList<(string Name, double Value)> Geometry =>
        [("radius", Radius), ("width", Width), ("filled", Filled ? 1 : 0), ("x", X), ("y", Y)];

    internal override Tensor Coverage(Grid grid, Func<string, Tensor> column)
    {
        var rho = grid.DistanceTo(column("x"), column("y"));
        var r = column("radius");
        return where(column("filled").GreaterThan(0.5), Grid.Fill(rho - r), Grid.Stroke((rho - r).abs(), column("width")));
    }
}

/// <summary>
/// An Archimedean spiral around (X, Y): the radius grows by <see cref="Pitch"/> pixels per turn, for
/// <see cref="Turns"/> turns, starting at angle <see cref="Orientation"/>.
/// </summary>
public sealed record Spiral(double Pitch = 20, double Turns = 3, double Orientation = 0, double Width = 4, double X = 0, double Y = 0) : Stimulus
{
    public override string Kind => "spiral";

    public override IReadOnlyList<(string Name, double Value)> Geometry =>
        [("pitch", Pitch), ("turns", Turns), ("orientation", Orientation), ("width", Width), ("x", X), ("y", Y)];

    internal override Tensor Coverage(Grid grid, Func<string, Tensor> column)
    {
        var (px, py, pitch) = (grid.X - column("x"), grid.Y - column("y"), column("pitch"));
        var rho = px.Squared().Plus(py.Squared()).sqrt();
        var alpha = Grid.Wrap(atan2(py, px) - Grid.Radians(column("orientation")));
        alpha = where(alpha.LessThan(0), alpha.Plus(2 * Math.PI), alpha);
        // The nearest winding at this angle, within the drawn turns; the distance is measured radially.
        var winding = ((rho / pitch) - alpha.DividedBy(2 * Math.PI)).round().AtLeast(0).minimum(column("turns").Minus(1));
        var phi = alpha.Plus(winding.Times(2 * Math.PI)).minimum(column("turns").Times(2).Times(Math.PI));
        return Grid.Stroke((rho - (pitch * phi).DividedBy(2 * Math.PI)).abs(), column("width"));
    }
}

/// <summary>
/// A sinusoidal (or square) grating whose stripes run at <see cref="Orientation"/>, with a period of
/// <see cref="Wavelength"/> pixels and a phase in degrees.
/// </summary>
public sealed record Grating(double Orientation, double Wavelength = 8, double Phase = 0, bool Square = false) : Stimulus
{
    public override string Kind => "grating";

    public double Frequency => 1 / Wavelength;

    public override IReadOnlyList<(string Name, double Value)> Geometry =>
        [("orientation", Orientation), ("wavelength", Wavelength), ("frequency", 1 / Wavelength), ("phase", Phase), ("square", Square ? 1 : 0)];

    internal override Tensor Coverage(Grid grid, Func<string, Tensor> column)
    {
        var theta = Grid.Radians(column("orientation"));
        var across = (-grid.X * theta.sin()).Plus(grid.Y * theta.cos());
        var wave = (across.Times(2 * Math.PI) / column("wavelength")).Plus(Grid.Radians(column("phase"))).cos();
        var square = (wave * column("wavelength")).DividedBy(Math.PI).Plus(0.5).Clamped(0, 1);
        return where(column("square").GreaterThan(0.5), square, wave.Times(0.5).Plus(0.5));
    }
}

/// <summary>
/// A high-low frequency boundary (the article "High-Low Frequency Detectors"): a fine plaid texture on one side of a
/// boundary at <see cref="Orientation"/> through the centre and a coarse one, <see cref="Ratio"/> times larger, on the
/// other. The fine side is the boundary's left (+90°) side when <see cref="HighSide"/> is +1, its right when −1.
/// </summary>
public sealed record FrequencyBoundary(double Orientation, double HighWavelength = 4, double Ratio = 6, int HighSide = 1, double Offset = 0) : Stimulus
{
    public override string Kind => "frequency-boundary";

    public override IReadOnlyList<(string Name, double Value)> Geometry =>
        [("orientation", Orientation), ("high_wavelength", HighWavelength), ("ratio", Ratio), ("high_side", HighSide), ("offset", Offset)];

    internal override Tensor Coverage(Grid grid, Func<string, Tensor> column)
    {
        var theta = Grid.Radians(column("orientation"));
        var across = (-grid.X * theta.sin()).Plus(grid.Y * theta.cos()) - column("offset");
        Tensor Plaid(Tensor wavelength) =>
            ((grid.X.Times(2).Times(Math.PI) / wavelength).cos() * (grid.Y.Times(2).Times(Math.PI) / wavelength).cos()).Times(0.5).Plus(0.5);
        var high = Plaid(column("high_wavelength"));
        var low = Plaid(column("high_wavelength") * column("ratio"));
        var highMask = Grid.Fill(-across * column("high_side"));
        return (highMask * high).Plus(highMask.SubtractedFrom(1) * low);
    }
}

/// <summary>A patch of the foreground colour: a disc of <see cref="Radius"/> at (X, Y), or the whole image when infinite.</summary>
public sealed record ColourPatch(double Radius = double.PositiveInfinity, double X = 0, double Y = 0) : Stimulus
{
    public override string Kind => "colour-patch";

    public override IReadOnlyList<(string Name, double Value)> Geometry => [("radius", Radius), ("x", X), ("y", Y)];

    internal override Tensor Coverage(Grid grid, Func<string, Tensor> column) =>
        Grid.Fill(grid.DistanceTo(column("x"), column("y")) - column("radius").AtMost(1e9));
}

/// <summary>The background alone (uniform, or noise when <see cref="Stimulus.Noise"/> is set): a baseline stimulus.</summary>
public sealed record Blank : Stimulus
{
    public override string Kind => "blank";

    public override IReadOnlyList<(string Name, double Value)> Geometry => [];

    internal override Tensor Coverage(Grid grid, Func<string, Tensor> column) => zeros_like(grid.X);
}
