using CircuitSpec.Errors;
using CircuitSpec.Networks;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Visualization;

/// <summary>
/// The images a visualization produced, the objective's score on them (without transforms), and the model and recipe
/// that made them (so that a snapshot of the picture can be judged by what it means to the model).
/// </summary>
public sealed record FeatureVisualization(Network Model, Objective Objective, VisualizationOptions Options, IReadOnlyList<Picture> Pictures, double Score)
{
    public Picture Picture => Pictures[0];

    public int Steps => Options.Steps;
}

/// <summary>
/// Feature visualization by activation maximization (Olah et al., "Feature Visualization", Distill 2017): an image,
/// parameterized in decorrelated Fourier space, is optimized with Adam to maximize an <see cref="Objective"/> under
/// random jitter, scaling and rotation. The forward pass stops at the deepest layer the objective reads. Same seed,
/// same thread count → the same picture, bit for bit.
/// </summary>
public static class FeatureVisualizer
{
    public static FeatureVisualization Visualize(this Network model, Objective objective, VisualizationOptions? options = null,
        IProgress<VisualizationProgress>? progress = null, CancellationToken cancellation = default)
    {
        options ??= new VisualizationOptions();
        if (options.Size < 8 || options.Steps < 0 || options.Batch < 1)
            throw new CircuitSpecException($"Visualization options are out of range: size {options.Size} (≥ 8), steps {options.Steps} (≥ 0), batch {options.Batch} (≥ 1).");
        var points = objective.Layers.Select(model.Resolve).Distinct().ToList();
        var convention = model.Input.AtSize(options.Size, options.Size);

        using var outer = NewDisposeScope();
        using var filling = AllocationFilling.ForGradients();
        using var generator = new Generator((ulong)options.Seed, model.Device);
        var random = new Random(options.Seed);
        using var image = new FourierImage(options.Batch, options.Size, options.Size, generator, model.Device);
        using var optimizer = new HeldAdam(image.Spectrum, options.LearningRate);
        using var gradients = enable_grad();
        var score = double.NaN;
        for (var step = 1; step <= options.Steps; step++)
        {
            Cancellation.ThrowIfRequested(cancellation);
            using var scope = NewDisposeScope();
            optimizer.ZeroGrad();
            var input = convention.Normalize(options.Transforms.Apply(image.Image(), random));
            var value = Score(model, objective, points, input);
            (-value).backward();
            optimizer.Step();
            score = value.AsDouble();
            if (!double.IsFinite(score))
                throw new CircuitSpecException($"The visualization of {objective} diverged at step {step}: its score is {score}. Lower the learning rate or check the model for NaN.");
            progress?.Report(new VisualizationProgress(step, options.Steps, score));
        }

        using var final = NewDisposeScope();
        using var noGradients = no_grad();
        var images = image.Image();
        score = Score(model, objective, points, convention.Normalize(images)).AsDouble();
        var pictures = Enumerable.Range(0, options.Batch).Select(i => Picture.FromTensor(images[i])).ToList();
        return new FeatureVisualization(model, objective, options, pictures, score);
    }

    private static Tensor Score(Network model, Objective objective, IReadOnlyList<string> points, Tensor input)
    {
        var plan = new ForwardPlan { Captures = points, WantsOutput = false, Gradients = is_grad_enabled() };
        var captured = model.Execute(input, plan).Captured;
        return objective.Score(layer =>
            captured.TryGetValue(model.Resolve(layer), out var a) ? a : throw new CircuitSpecException($"The objective read '{layer}', which was not computed."));
    }
}
