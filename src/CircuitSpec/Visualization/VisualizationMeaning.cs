using CircuitSpec.Activations;
using CircuitSpec.Errors;
using CircuitSpec.Networks;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Visualization;

/// <summary>
/// What a picture means to a model, beside a reference rendering of the same objective: the objective's score on the
/// picture and on the reference, the rank of the objective's channel among its layer's channels on the picture, and
/// how alike the two pictures excite the layer (the correlation of their spatially pooled activation profiles, each
/// taken relative to the layer's profile on a plain grey picture, so that what every picture shares does not count).
/// </summary>
public sealed record VisualizationMeaning(
    string Objective, double Score, double ReferenceScore, int? Rank, int Channels, string ProfileLayer, double ProfileCorrelation)
{
    /// <summary>The picture's score as a share of the reference's (NaN when the reference does not drive the objective above zero).</summary>
    public double ScoreShare => ReferenceScore > 0 ? Score / ReferenceScore : double.NaN;

    /// <summary>
    /// Measures <paramref name="verified"/> (a snapshot's picture) against <paramref name="reference"/> (a fresh rendering
    /// of the same objective), both shown to the model at <paramref name="size"/>² (the size they were rendered at).
    /// </summary>
    public static VisualizationMeaning Measure(Network model, Objective objective, int size, Picture verified, Picture reference)
    {
        using var scope = NewDisposeScope();
        var profileLayer = model.Resolve(objective.TargetChannel?.Layer ?? objective.Layers[^1]);
        var grey = HeldArithmetic.Filled([3, size, size], 0.5);
        var images = stack([verified.Resized(size, size).ToTensor(), reference.Resized(size, size).ToTensor(), grey]);
        var points = objective.Layers.Select(model.Resolve).Append(profileLayer).Distinct().ToList();
        using var cache = model.RunWithCache(model.Input.AtSize(size, size).Normalize(images.to(model.Device)), points);

        double ScoreOf(long row) => objective.Score(layer => cache[layer].narrow(0, row, 1)).AsDouble();
        var activation = cache[profileLayer];
        var profiles = (activation.dim() > 2 ? activation.flatten(2).mean([2]) : activation).to(float64).cpu();
        var channels = (int)profiles.shape[1];
        int? rank = null;
        if (objective.TargetChannel is { } target)
        {
            var row = profiles[0];
            rank = 1 + (int)(row > row[target.Channel]).sum().AsLong();
        }
        var correlation = Pearson(profiles[0] - profiles[2], profiles[1] - profiles[2]);
        var meaning = new VisualizationMeaning(objective.ToString(), ScoreOf(0), ScoreOf(1), rank, channels, model.DisplayName(profileLayer), correlation);
        if (!double.IsFinite(meaning.Score) || !double.IsFinite(meaning.ReferenceScore))
            throw new CircuitSpecException($"The objective {objective} is not finite on the pictures ({meaning.Score}, {meaning.ReferenceScore}); check the model for NaN.");
        return meaning;
    }

    private static double Pearson(Tensor a, Tensor b)
    {
        var (x, y) = (a - a.mean(), b - b.mean());
        var denominator = (x.norm() * y.norm()).AsDouble();
        return denominator > 0 ? (x * y).sum().AsDouble() / denominator : 0;
    }
}
