namespace CircuitSpec.Snapshots;

/// <summary>
/// How different a picture may be from its verified snapshot and still match: the mean absolute difference over all
/// channels (0–255 scale), and how many pixels may differ by more than <see cref="PixelThreshold"/> in some channel.
/// Loose enough for the same picture rendered by another machine's float arithmetic or on a GPU; tight enough that a
/// feature whose picture changed fails.
/// </summary>
public sealed record SnapshotTolerance(double MeanAbsolute = 2.0, int PixelThreshold = 48, double MaxPixelFraction = 0.01)
{
    public static SnapshotTolerance Default { get; } = new();

    /// <summary>Byte-for-byte equality.</summary>
    public static SnapshotTolerance Exact { get; } = new(0, 0, 0);
}

/// <summary>How far a picture is from its snapshot.</summary>
public sealed record PictureDifference(double MeanAbsolute, double FractionOverThreshold, int MaxChannelDifference, string? SizeMismatch)
{
    public bool Within(SnapshotTolerance t) =>
        SizeMismatch is null && MeanAbsolute <= t.MeanAbsolute && FractionOverThreshold <= t.MaxPixelFraction
        && (t.PixelThreshold > 0 || MaxChannelDifference == 0);

    public string Describe(SnapshotTolerance t) => SizeMismatch ??
        $"mean absolute difference {MeanAbsolute:F2} (tolerance {t.MeanAbsolute:G3}); {FractionOverThreshold:P2} of pixels differ by more than " +
        $"{t.PixelThreshold} (tolerance {t.MaxPixelFraction:P2}); largest channel difference {MaxChannelDifference}";
}
