using CircuitSpec.Features;
using CircuitSpec.Interventions;
using static TorchSharp.torch;

namespace CircuitSpec.Claims;

/// <summary>
/// Entry points of the claim language: <c>unit.Should()</c>, <c>direction.Should()</c>, <c>family.Should()</c> (and
/// layers), <c>circuit.Should()</c>, <c>family.Ablated().Should()</c>.
/// </summary>
public static class ClaimExtensions
{
    public static UnitAssertions Should(this Unit unit) => new(unit);
    public static DirectionAssertions Should(this Direction direction) => new(direction);

    /// <summary>Claims about a family; <c>model.Layer(name)</c> is the family of a layer's every unit.</summary>
    public static FamilyAssertions Should(this Family family) => new(family);
    public static CircuitAssertions Should(this Circuit circuit) => new(circuit);
    public static InterventionAssertions Should(this Intervention intervention) => new(intervention);

    public static InterventionAssertions Should(this Ablation ablation) => new(ablation);

    /// <summary>The sources ablated: zeroed, or replaced by their mean over / a resample from <paramref name="reference"/> images.</summary>
    public static Ablation Ablated(this Family sources, AblationKind kind = AblationKind.Zero, Tensor? reference = null) => new(sources, kind, reference);

    public static Ablation Ablated(this Unit source, AblationKind kind = AblationKind.Zero, Tensor? reference = null) =>
        new Family(source.Label, [source]).Ablated(kind, reference);
}
