using CircuitSpec.Features;

namespace CircuitSpec.Claims;

/// <summary>
/// Claims about a direction in a layer's activation space (a polysemantic feature, an NMF factor): the claims every
/// feature has — tuning, preference with random units of its layer as a control, echoes, responses, property probes —
/// and its weights, which are the combination of its units' input weights that its reading is of their activations.
/// </summary>
public sealed class DirectionAssertions(Direction subject) : FeatureAssertions<Direction, DirectionAssertions>(subject)
{
    protected override string Identifier => "direction";
}
