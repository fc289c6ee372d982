using CircuitSpec.Features;
using CircuitSpec.Networks;
using static TorchSharp.torch;

namespace CircuitSpec.Activations;

/// <summary>
/// Running a model and reading its activations, TransformerLens style: <c>model.RunWithCache(images, "mixed3b")</c>,
/// <c>using (model.Hooks(("mixed3b", a => a * 0))) …</c>. Runs are in inference mode and manage their own native
/// memory; images are moved to the model's device.
/// </summary>
public static class Probing
{
    /// <summary>
    /// Runs the model on <paramref name="images"/> (with any interventions applied) and returns the requested points
    /// only, detached and owned by the caller. The pass stops once the last requested point is computed.
    /// </summary>
    public static ActivationCache RunWithCache(this Network model, Tensor images, IEnumerable<string> names, params IActivationChange[] interventions)
    {
        var (captured, _) = ProbeRunner.Run(model, images, names, [new Segment(0, images.shape[0], interventions)], wantOutput: false);
        return new ActivationCache(model, captured);
    }

    public static ActivationCache RunWithCache(this Network model, Tensor images, params string[] names) =>
        model.RunWithCache(images, names, []);

    /// <summary>
    /// A model of several inputs (a transformer's token ids, mask and types) run as <paramref name="plan"/> says, with
    /// the plan's captures handed back detached and owned by the caller.
    /// </summary>
    public static ActivationCache RunWithCache(this Network model, Tensor[] inputs, ForwardPlan plan)
    {
        using var scope = NewDisposeScope();
        var result = model.Execute(inputs.Select(i => i.to(model.Device)).ToArray(), plan);
        return new ActivationCache(model, result.Captured.ToDictionary(c => c.Key, c => c.Value.detach().MoveToOuterDisposeScope(), StringComparer.Ordinal));
    }

    /// <summary>The model's output with the interventions applied; the tensor joins the caller's dispose scope, if any.</summary>
    public static Tensor Run(this Network model, Tensor images, params IActivationChange[] interventions) =>
        ProbeRunner.Run(model, images, [], [new Segment(0, images.shape[0], interventions)], wantOutput: true).Output!;

    /// <summary>A feature's value for each image, with the interventions applied.</summary>
    public static float[] Responses(this Network model, Tensor images, Feature feature, params IActivationChange[] interventions)
    {
        using var cache = model.RunWithCache(images, [feature.Point], interventions);
        return cache.Read(feature);
    }

    /// <summary>Hooks on named points for the length of a <c>using</c> block (see <see cref="HookScope"/>).</summary>
    public static HookScope Hooks(this Network model, params (string Point, Func<Tensor, Tensor?> Hook)[] hooks) => new(model, hooks);
}
