using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Visualization;

/// <summary>
/// What a feature visualization maximizes, composable as in Lucid:
/// <c>Objective.Channel("mixed4a", 465) - 0.5 * Objective.Channel("mixed4a", 460) + Objective.Diversity("mixed4a")</c>.
/// An objective reads activations by point name and returns one score for the whole batch (higher is better).
/// </summary>
public sealed class Objective
{
    private readonly Func<Func<string, Tensor>, Tensor> _score;

    private Objective(string description, IReadOnlyList<string> layers, Func<Func<string, Tensor>, Tensor> score, (string Layer, long Channel)? channel = null)
    {
        Description = description;
        Layers = layers;
        _score = score;
        TargetChannel = channel;
    }

    public string Description { get; }

    /// <summary>The layers (names or aliases) this objective reads.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>The one channel this objective drives, when it is a plain channel or neuron objective (for ranking it in its layer).</summary>
    public (string Layer, long Channel)? TargetChannel { get; }

    /// <summary>The mean activation of a channel over all positions (Lucid's <c>channel</c>).</summary>
    public static Objective Channel(string layer, long channel) =>
        new($"{layer}:{channel}", [layer], read => Channels(read(layer), channel).mean([1, 2]).sum(), (layer, channel));

    /// <summary>One neuron: a channel at one position of its map, the centre by default (Lucid's <c>neuron</c>).</summary>
    public static Objective Neuron(string layer, long channel, int? x = null, int? y = null) =>
        new($"{layer}:{channel} at {(x is null ? "the centre" : $"({x}, {y})")}", [layer], read =>
        {
            var map = Channels(read(layer), channel);
            if (map.dim() == 1) return map.sum();
            return map[.., y ?? (int)(map.shape[1] / 2), x ?? (int)(map.shape[2] / 2)].sum();
        }, (layer, channel));

    /// <summary>The projection onto a direction of a layer's activation space, averaged over positions.</summary>
    public static Objective Direction(string layer, IReadOnlyList<float> vector) =>
        new($"direction in {layer}", [layer], read =>
        {
            var activation = read(layer);
            var shape = Enumerable.Repeat(1L, (int)activation.dim()).ToArray();
            shape[1] = vector.Count;
            var v = tensor(vector.ToArray(), device: activation.device).reshape(shape);
            var projection = (activation * v).sum(1) / v.norm();
            return projection.dim() == 1 ? projection.sum() : projection.mean([1, 2]).sum();
        });

    /// <summary>A feature's own map (unit, direction), averaged over positions.</summary>
    public static Objective Of(Feature feature) =>
        new(feature.ToString(), [feature.Layer], read =>
        {
            var map = feature.Map(read(feature.Layer));
            return map.dim() == 1 ? map.sum() : map.mean([1, 2]).sum();
        });

    /// <summary>
    /// Lucid's diversity term: the negative mean cosine similarity between the Gram matrices (style) of different
    /// images of the batch at <paramref name="layer"/>, so that a batch shows several facets of a feature.
    /// </summary>
    public static Objective Diversity(string layer) =>
        new($"diversity at {layer}", [layer], read =>
        {
            var activation = read(layer);
            var n = activation.shape[0];
            if (n < 2) return zeros(1, device: activation.device).sum();
            var flat = activation.reshape(n, activation.shape[1], -1);
            var gram = matmul(flat, flat.transpose(1, 2)).reshape(n, -1);
            gram = gram / gram.norm(1, keepdim: true).AtLeast(1e-8);
            var similarity = matmul(gram, gram.t());
            return (-(similarity.sum() - similarity.diagonal().sum())).DividedBy(n * (n - 1));
        });

    public static Objective operator +(Objective a, Objective b) =>
        new($"{a.Description} + {b.Description}", [.. a.Layers.Union(b.Layers)], read => a._score(read).Plus(b._score(read)));

    public static Objective operator -(Objective a, Objective b) => a + -1 * b;

    public static Objective operator -(Objective a) => -1 * a;

    public static Objective operator *(double weight, Objective a) =>
        new($"{weight:G3} · ({a.Description})", a.Layers, read => a._score(read).Times(weight));

    public static Objective operator *(Objective a, double weight) => weight * a;

    /// <summary>The score of a batch whose activations <paramref name="read"/> gives by layer name.</summary>
    public Tensor Score(Func<string, Tensor> read) => _score(read);

    public override string ToString() => Description;

    // [N, C, H, W] → [N, H, W] for one channel; [N, C] → [N].
    private static Tensor Channels(Tensor activation, long channel) =>
        channel >= 0 && channel < activation.shape[1] ? activation.select(1, channel)
            : throw new CircuitSpecException($"Channel {channel} does not exist: the layer has {activation.shape[1]} channels (0–{activation.shape[1] - 1}).");
}
