using CircuitSpec.Claims;
using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using static CircuitSpec.Models.Planted.PlantedStimuli;

namespace CircuitSpec.Tests.BadClaims;

/// <summary>
/// Every claim verb refuses parameters that would make it pass whatever the model does ("responds above −∞"), that
/// no model could meet, or that are NaN — before it gathers any evidence, with the claim and the reason in the message.
/// </summary>
public sealed class VacuousClaimTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, Action<Network>> Claims = new()
    {
        ["BeTunedTo within half the circle"] = m => m.Curve(2).Should().BeTunedTo(ArcsAround, "orientation", 90, tolerance: 180, period: 360),
        ["BeTunedTo a NaN value"] = m => m.Curve(2).Should().BeTunedTo(ArcsAround, "orientation", double.NaN, tolerance: 15, period: 360),
        ["PreferOver by a NaN ratio"] = m => m.CircleDetector().Should().PreferOver(Rings, ArcsAround, minRatio: double.NaN),
        ["HaveNoEcho below 1.5 of the peak"] = m => m.Curve(2).Should().HaveNoEcho(ArcsAround, maxRatio: 1.5),
        ["HaveEcho of at least 0"] = m => m.Curve(2).Should().HaveEcho(ArcsAround, minRatio: 0),
        ["RespondTo at least −∞"] = m => m.CircleDetector().Should().RespondTo(Rings, atLeast: double.NegativeInfinity),
        ["NotRespondTo above ∞"] = m => m.CircleDetector().Should().NotRespondTo(Rings, above: double.PositiveInfinity),
        ["RespondAbove −∞"] = m => m.Curve(2).Should().RespondAbove(double.NegativeInfinity, StimulusSpace.Curves((80, 100), (11, 13))),
        ["RespondAbove with no test"] = m => m.Curve(2).Should().RespondAbove(0.15, StimulusSpace.Curves((80, 100), (11, 13)), tests: 0),
        ["StayAtMost ∞"] = m => m.Curve(2).Should().StayAtMost(double.PositiveInfinity, StimulusSpace.Curves((80, 100), (11, 13))),
        ["BeExcitedBy no source"] = m => m.Curve(2).Should().BeExcitedBy([]),
        ["BeInhibitedBy with a negative minWeight"] = m => m.Curve(2).Should().BeInhibitedBy([m.Edge(0)], minWeight: -1),
        ["ReceiveWeightFrom(…).At 0 % of the weight"] = m => m.CircleDetector().Should().ReceiveWeightFrom(m.Curve(2)).At(KernelRegion.Top, minShare: 0),
        ["HaveAmongStrongestInputs top 15 of 15"] = m => m.Curve(2).Should().HaveAmongStrongestInputs([m.Edge(0)], top: 15),
        ["HaveAnalogueIn with r ≥ −1"] = m => m.Curve(2).Should().HaveAnalogueIn(m, "curves_relu", ArcsAround, minCorrelation: -1),
        ["ContainTunedUnits at least 0"] = m => m.CurveFamily().Should().ContainTunedUnits(0, ArcsAround, "orientation", maxHalfWidth: 90, period: 360),
        ["ContainTunedUnits wider than the circle"] = m => m.CurveFamily().Should().ContainTunedUnits(4, ArcsAround, "orientation", maxHalfWidth: 360, period: 360),
        ["TileTheCircle with a 360° gap"] = m => m.CurveFamily().Should().TileTheCircle(ArcsAround, maxGap: 360),
        ["TileTheCircle with gaps too small for 8 units"] = m => m.CurveFamily().Should().TileTheCircle(ArcsAround, maxGap: 30),
        ["BeEquivariantUnder within 180°"] = m => m.CurveFamily().Should().BeEquivariantUnder(45, ArcsAround, tolerance: 180),
        ["ContainTunedUnits of a family with no members"] = m => new Family("no units", []).Should().ContainTunedUnits(1, ArcsAround, "orientation", 90, 360),
        ["ReduceResponseOf by a NaN fraction"] = m => m.CurveFamily().Zeroed().Should().ReduceResponseOf(m.CircleDetector(), Rings, byAtLeast: double.NaN),
        ["NotChangeResponseOf by more than ∞"] = m => m.Edge(13).Zeroed().Should().NotChangeResponseOf(m.CircleDetector(), Rings, byMoreThan: double.PositiveInfinity),
        ["Hold: a circuit with no edges"] = m => new Circuit("nothing").Should().Hold(),
        ["BeFaithful recovering closer than all of it"] = m => new Circuit("curve to circle").Excites(m.Curve(2), m.CircleDetector()).Should().BeFaithful(Rings, minRecovered: 1.5),
        ["BeComplete with ∞ left"] = m => new Circuit("curve to circle").Excites(m.Curve(2), m.CircleDetector()).Should().BeComplete(Rings, maxLeft: double.PositiveInfinity),
        ["BeMinimal at no cost"] = m => new Circuit("curve to circle").Excites(m.Curve(2), m.CircleDetector()).Should().BeMinimal(Rings, minDrop: 0),
        ["Hold: a circuit edge with a negative minWeight"] = m => new Circuit("curve to circle").Excites(m.Curve(2), m.CircleDetector(), minWeight: -0.5).Should().Hold(),
    };

    public static TheoryData<string> Names => [.. Claims.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Is_refused_before_any_evidence_with_the_reason(string name)
    {
        using var model = PlantedCircuit.Build();
        var error = FluentActions.Invoking(() => Claims[name](model)).Should().Throw<InvalidClaimException>().Which;
        output.WriteLine(error.Message);
        error.Problem.Should().MatchRegex("vacuous|can never hold|NaN|no members");
        error.Message.Should().Contain(error.Claim);
    }

    [Fact]
    public void Every_claim_verb_has_a_case()
    {
        Type[] assertions = [typeof(UnitAssertions), typeof(DirectionAssertions), typeof(FamilyAssertions), typeof(CircuitAssertions),
                             typeof(InterventionAssertions), typeof(KernelAssertions<UnitAssertions>)];
        var methods = assertions.SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            .Where(m => m.DeclaringType!.Namespace == "CircuitSpec.Claims" && m.ReturnType.IsGenericType &&
                        (m.ReturnType.GetGenericTypeDefinition() == typeof(KernelAssertions<>) || m.ReturnType.GetGenericTypeDefinition() == typeof(AndWhichConstraint<,>)))
            .ToList();
        var verbs = methods.Select(m => m.Name).Distinct().ToList();
        verbs.Should().HaveCountGreaterThanOrEqualTo(20);
        methods.Where(m => m.ReturnType.GetGenericTypeDefinition() == typeof(AndWhichConstraint<,>))
            .Should().OnlyContain(m => m.ReturnType.GetGenericArguments()[1] == typeof(Verdict), "every verb hands back its verdict");
        verbs.Should().OnlyContain(v => Claims.Keys.Any(k => System.Text.RegularExpressions.Regex.IsMatch(k, $@"\b{v}\b")),
            "every claim verb needs a refused-parameters case here");
    }
}
