using CircuitSpec.Activations;
using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Interventions;

/// <summary>
/// The verbs that make interventions: <c>unit.Zeroed()</c>, <c>family.MeanAblated(over: images)</c>,
/// <c>unit.Resampled(from: images)</c>, <c>unit.ClampedTo(5)</c>, <c>unit.Scaled(2)</c>,
/// <c>direction.ProjectedOut()</c>, <c>unit.PatchedFrom(cache)</c>.
/// </summary>
public static class Ablations
{
    /// <summary>Reference activations are computed in batches of this size.</summary>
    public const int ReferenceBatch = 32;

    public static Intervention Zeroed(this Feature feature) => Make(Target(feature), "zero", new ConstantReplacement(0));
    public static Intervention Zeroed(this Family family) => Make(Target(family), "zero", new ConstantReplacement(0));

    /// <summary>Removes a direction's component from the activation (the same as zeroing it).</summary>
    public static Intervention ProjectedOut(this Direction direction) => Make(Target(direction), "project out", new ConstantReplacement(0));

    public static Intervention ClampedTo(this Feature feature, double value) => Make(Target(feature), $"clamp to {value:G4}", new ConstantReplacement(value));
    public static Intervention ClampedTo(this Family family, double value) => Make(Target(family), $"clamp to {value:G4}", new ConstantReplacement(value));

    public static Intervention Scaled(this Feature feature, double factor) => Make(Target(feature), $"scale by {factor:G4}", new ScaleReplacement(factor));
    public static Intervention Scaled(this Family family, double factor) => Make(Target(family), $"scale by {factor:G4}", new ScaleReplacement(factor));

    /// <summary>Replaces the values by their mean over a reference set of inputs (per position).</summary>
    public static Intervention MeanAblated(this Feature feature, Tensor over) => Mean(Target(feature), over);
    public static Intervention MeanAblated(this Family family, Tensor over) => Mean(Target(family), over);

    /// <summary>Replaces each example's values by those of a randomly drawn example of <paramref name="from"/>.</summary>
    public static Intervention Resampled(this Feature feature, Tensor from, int seed = 0) => Resample(Target(feature), from, seed);
    public static Intervention Resampled(this Family family, Tensor from, int seed = 0) => Resample(Target(family), from, seed);

    /// <summary>Replaces the values by those captured in another run (same batch and input size).</summary>
    public static Intervention PatchedFrom(this Feature feature, ActivationCache cache) => Patch(Target(feature), cache);
    public static Intervention PatchedFrom(this Family family, ActivationCache cache) => Patch(Target(family), cache);

    private sealed record Targeted(Network Model, string Point, string Label, Selection Selection);

    private static Targeted Target(Feature feature) => feature switch
    {
        Unit u => new(u.Model, u.Point, u.Label, new ChannelSelection([u.Channel])),
        Direction d => new(d.Model, d.Point, d.Label, new DirectionSelection(d)),
        _ => throw new CircuitSpecException($"Cannot intervene on {feature}: only units and directions are supported."),
    };

    private static Targeted Target(Family family)
    {
        if (family.Count == 0) throw new CircuitSpecException($"Family '{family.Name}' has no units to intervene on.");
        var points = family.Select(u => u.Point).Distinct().ToList();
        if (points.Count > 1)
            throw new CircuitSpecException($"Family '{family.Name}' spans several layers ({string.Join(", ", family.Select(u => u.Layer).Distinct())}); " +
                                           "make one intervention per layer and pass them together.");
        return new(family[0].Model, points[0], family.Name, new ChannelSelection(family.Select(u => u.Channel).ToList()));
    }

    private static Intervention Make(Targeted t, string verb, Replacement replacement) =>
        new(t.Point, $"{verb} {t.Label}", t.Selection, replacement);

    private static Intervention Mean(Targeted t, Tensor over)
    {
        using var scope = NewDisposeScope();
        var mean = References(t, over).mean([0], keepdim: true);
        return Make(t, "mean-ablate", new StoredReplacement(mean.DetachFromDisposeScope()));
    }

    private static Intervention Resample(Targeted t, Tensor from, int seed)
    {
        using var scope = NewDisposeScope();
        var pool = References(t, from);
        return Make(t, "resample", new ResampleReplacement(pool.DetachFromDisposeScope(), seed));
    }

    private static Intervention Patch(Targeted t, ActivationCache cache)
    {
        using var scope = NewDisposeScope();
        var values = t.Selection.Extract(cache[t.Point]).clone();
        return Make(t, "patch", new PatchReplacement(values.DetachFromDisposeScope(), $"a cached run of '{t.Point}'"));
    }

    // The selected values for every reference input, as ordinary (not inference-mode) tensors.
    private static Tensor References(Targeted t, Tensor inputs)
    {
        if (inputs.shape[0] == 0) throw new CircuitSpecException($"The reference set for '{t.Label}' is empty.");
        var parts = new List<Tensor>();
        for (long start = 0; start < inputs.shape[0]; start += ReferenceBatch)
        {
            using var cache = t.Model.RunWithCache(inputs.narrow(0, start, Math.Min(ReferenceBatch, inputs.shape[0] - start)), t.Point);
            parts.Add(t.Selection.Extract(cache[t.Point]).clone());
        }
        return cat(parts.ToArray(), 0);
    }
}
