using CircuitSpec.Features;
using CircuitSpec.Interventions;
using static TorchSharp.torch;

namespace CircuitSpec.Claims;

/// <summary>How an ablation replaces the sources' values.</summary>
public enum AblationKind { Zero, Mean, Resample }

/// <summary>
/// What a claim about an intervention applies: an <see cref="Ablation"/> described (made for the claim and disposed
/// after it) or a <see cref="GivenIntervention"/> the caller made (and keeps).
/// </summary>
public abstract record Lesion
{
    /// <summary>What it does, as an intervention's label reads: "zero early curves 92, 83".</summary>
    public abstract string Label { get; }

    /// <summary>Measures with the intervention, disposing it afterwards when it was made here.</summary>
    internal abstract T With<T>(Func<Intervention, T> measure);

    public sealed override string ToString() => Label;
}

/// <summary>An intervention made by the caller; claims use it and leave it to its maker to dispose.</summary>
public sealed record GivenIntervention(Intervention Intervention) : Lesion
{
    public override string Label => Intervention.Label;

    internal override T With<T>(Func<Intervention, T> measure) => measure(Intervention);
}

/// <summary>
/// An ablation described, not yet made: <c>sources.Ablated(AblationKind.Mean, reference: images)</c>. The claim that
/// checks it (<c>.Should().ReduceResponseOf(…)</c>) makes the intervention and disposes it when done, so nothing it
/// computed outlives the claim; the reference images stay the caller's.
/// </summary>
public sealed record Ablation : Lesion
{
    internal Ablation(Family sources, AblationKind kind, Tensor? reference)
    {
        if (kind != AblationKind.Zero && reference is null)
            throw new Errors.CircuitSpecException(
                $"A {kind.ToString().ToLowerInvariant()} ablation needs reference images: Ablated(AblationKind.{kind}, reference: images).");
        Sources = sources;
        Kind = kind;
        Reference = reference;
    }

    public Family Sources { get; }
    public AblationKind Kind { get; }

    /// <summary>The images whose mean or samples replace the sources' values (not owned).</summary>
    public Tensor? Reference { get; }

    public override string Label => $"{Kind switch { AblationKind.Zero => "zero", AblationKind.Mean => "mean-ablate", _ => "resample" }} {Sources.Name}";

    /// <summary>Makes the intervention; the caller owns it (dispose it).</summary>
    public Intervention Make() => Kind switch
    {
        AblationKind.Zero => Sources.Zeroed(),
        AblationKind.Mean => Sources.MeanAblated(Reference!),
        _ => Sources.Resampled(Reference!),
    };

    internal override T With<T>(Func<Intervention, T> measure)
    {
        using var intervention = Make();
        return measure(intervention);
    }
}
