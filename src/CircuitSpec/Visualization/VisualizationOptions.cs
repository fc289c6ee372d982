namespace CircuitSpec.Visualization;

/// <summary>Lucid's recipe, as settings: image size, optimizer steps, learning rate, seed, batch and transforms.</summary>
public sealed record VisualizationOptions
{
    public int Size { get; init; } = 128;
    public int Steps { get; init; } = 256;

    /// <summary>Adam's learning rate on the Fourier spectrum (Lucid uses 0.05).</summary>
    public double LearningRate { get; init; } = 0.05;

    public int Seed { get; init; }

    /// <summary>How many images are optimized together (several, with a diversity term, show several facets).</summary>
    public int Batch { get; init; } = 1;

    public Transforms Transforms { get; init; } = Transforms.Standard;
}

/// <summary>Where a visualization stands: step, total, the objective's current score.</summary>
public readonly record struct VisualizationProgress(int Step, int Steps, double Score);
