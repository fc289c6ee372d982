using CircuitSpec.Claims;
using CircuitSpec.Interventions;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using Xunit.Sdk;
using static CircuitSpec.Models.Planted.PlantedStimuli;

namespace CircuitSpec.Tests.BadClaims;

/// <summary>
/// A NaN or infinite weight (a diverged run, a corrupt file) poisons weights and activations downstream. Every verb
/// then reaches an inconclusive verdict — never a pass, never a plain "fails" — and the test fails saying why.
/// </summary>
public sealed class NonFiniteEvidenceTests(ITestOutputHelper output)
{
    // curves:2 gets one non-finite weight from edges:0, so its kernel from edges:0 and its activations (and circles:0's) are not finite.
    private static readonly Dictionary<string, Action<Network, Network>> Claims = new()
    {
        ["BeTunedTo"] = (m, _) => m.Curve(2).Should().BeTunedTo(ArcsAround, "orientation", 90, tolerance: 15, period: 360),
        ["PreferOver"] = (m, _) => m.Curve(2).Should().PreferOver(ArcsFacing(90), Lines, minRatio: 3),
        ["HaveNoEcho"] = (m, _) => m.Curve(2).Should().HaveNoEcho(ArcsAround),
        ["HaveEcho"] = (m, _) => m.Curve(2).Should().HaveEcho(ArcsAround),
        ["RespondTo"] = (m, _) => m.CircleDetector().Should().RespondTo(Rings, atLeast: 5),
        ["NotRespondTo"] = (m, _) => m.Curve(2).Should().NotRespondTo(Lines, above: 0.05),
        ["RespondAbove"] = (m, _) => m.Curve(2).Should().RespondAbove(0.15, StimulusSpace.Curves((80, 100), (11, 13)), tests: 10),
        ["StayAtMost"] = (m, _) => m.Curve(2).Should().StayAtMost(1e6, StimulusSpace.Curves((80, 100), (11, 13)), tests: 10),
        ["BeExcitedBy"] = (m, _) => m.Curve(2).Should().BeExcitedBy([m.Edge(0), m.Edge(3)]),
        ["BeInhibitedBy"] = (m, _) => m.Curve(2).Should().BeInhibitedBy([m.Edge(0)]),
        ["ReceiveWeightFrom(…).At"] = (m, _) => m.Curve(2).Should().ReceiveWeightFrom(m.Edge(0)).At(KernelRegion.Top),
        ["HaveAmongStrongestInputs"] = (m, _) => m.Curve(2).Should().HaveAmongStrongestInputs([m.Edge(3)], top: 3),
        ["HaveAnalogueIn (poisoned model searched)"] = (m, intact) => intact.Curve(2).Should().HaveAnalogueIn(m, "curves_relu", ArcsAround, minCorrelation: 0.8),
        ["HaveAnalogueIn (poisoned unit)"] = (m, intact) => m.Curve(2).Should().HaveAnalogueIn(intact, "curves_relu", ArcsAround, minCorrelation: 0.8),
        ["ContainTunedUnits"] = (m, _) => m.CurveFamily().Should().ContainTunedUnits(4, ArcsAround, "orientation", maxHalfWidth: 90, period: 360),
        ["TileTheCircle"] = (m, _) => m.CurveFamily().Should().TileTheCircle(ArcsAround, maxGap: 60),
        ["BeEquivariantUnder"] = (m, _) => m.CurveFamily().Should().BeEquivariantUnder(45, ArcsAround),
        ["ReduceResponseOf"] = (m, _) => m.Edge(5).Zeroed().Should().ReduceResponseOf(m.CircleDetector(), Rings, byAtLeast: 0.1),
        ["NotChangeResponseOf (NaN written by the intervention)"] = (_, intact) => intact.Edge(5).ClampedTo(double.NaN).Should().NotChangeResponseOf(intact.CircleDetector(), Rings),
        ["Hold"] = (m, _) => new Circuit("edge to curve").Excites(m.Edge(0), m.Curve(2)).Should().Hold(),
    };

    public static TheoryData<string, MutationKind> Cases =>
        [.. Claims.Keys.SelectMany(k => new[] { (k, MutationKind.NotANumber), (k, MutationKind.Infinite) })];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_inconclusive_and_fails_with_the_reason(string verb, MutationKind poison)
    {
        using var poisoned = PlantedCircuit.Build(new WeightMutation("curves", 2, poison));
        using var intact = PlantedCircuit.Build();
        using var capture = VerdictLog.Capture();
        var message = FluentActions.Invoking(() => Claims[verb](poisoned, intact)).Should().Throw<XunitException>().Which.Message;
        output.WriteLine(message);
        message.Should().Contain("the evidence is inconclusive").And.MatchRegex("NaN|infinite");
        capture.Last!.Outcome.Should().Be(Outcome.Inconclusive);
    }
}
