using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.GroundTruth;
using CircuitSpec.Interventions;
using CircuitSpec.Measurements;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using static CircuitSpec.GroundTruth.PlantedClaims;
using static CircuitSpec.Models.Planted.MutationKind;
using static CircuitSpec.Tests.GroundTruth.PlantedLogic.LogicCircuit;

namespace CircuitSpec.Tests.GroundTruth.PlantedLogic;

/// <summary>
/// What we know about the planted logic circuit because we built it (<see cref="LogicCircuit"/>): its true claims,
/// the false ones made from each by one mutation, and the weight mutations that must break it.
/// </summary>
public static class LogicClaims
{
    public const string MovedBy180 = "preferred orientation moved by 180°", SilentClaimedTuned = "silent unit claimed tuned",
        SilentCounted = "silent unit counted as tuned", TieClaimed = "tie claimed as strength", DirectionAsNeuron = "direction claimed as a neuron",
        IrrelevantAblation = "irrelevant ablation claimed to matter";

    /// <summary>Edges rising along 0°, 45° and 90°: one input, both, the other.</summary>
    private static StimulusSet OneBothOther => new([.. Rising(0), .. Rising(45), .. Rising(90)]);

    public static IReadOnlyList<GroundTruthClaim> All { get; } =
        [.. EdgeClaims(), .. OrClaims(), .. AndClaims(), .. XorClaims(), .. OneSidedClaims(), .. SilentClaims(), .. DirectionClaims()];

    private static Unit Edge(this Network m, int k) => m.Unit($"simple_relu:{k}");
    private static Unit Logic(this Network m, int u) => m.Unit($"logic_relu:{u}");
    private static Unit Xor(this Network m) => m.Unit("xor_relu:0");
    private static Direction DiagonalPair(this Network m) => m.Direction("logic_relu", [0, 0, 0, 0, 1, 1], "diagonal pair");
    private static Unit[] Edges(Network m, params int[] units) => units.Select(m.Edge).ToArray();
    private static string Deg(double degrees) => $"{Circular.Wrap(degrees, 360):0}°";

    /// <summary>Edges every 15°.</summary>
    private static StimulusSet EdgesAround => Synthetic.Edges(Synthetic.Angles(15));

    /// <summary>
    /// Edges whose brightness rises along exactly <paramref name="direction"/>, up to 0.875 pixels either side of the
    /// centre (8 edges). Further off, the edge detectors at the centre fall below the AND unit's threshold, and the
    /// XOR unit becomes an OR unit: its logic holds near the edge only.
    /// </summary>
    private static StimulusSet Rising(double direction) =>
        new(Enumerable.Range(0, 8).Select(i => new Edge(EdgeOrientation(direction), -0.875 + 0.25 * i)));

    private static StimulusSet Rising(double first, double second) => new(Rising(first).Concat(Rising(second)));

    private static IEnumerable<GroundTruthClaim> EdgeClaims()
    {
        for (var k = 0; k < EdgeUnits; k++)
        {
            var unit = k;
            var preferred = EdgeOrientation(EdgeDirection(k));
            var sign = k % 2 == 1 ? " (through its negative batch norm scale)" : "";
            var claim = new GroundTruthClaim($"simple_relu:{k} is tuned to edges at {Deg(preferred)} (± 15°){sign}",
                    m => m.Edge(unit).Should().BeTunedTo(EdgesAround, "orientation", preferred, 15, 360))
                .Mutant(MovedBy90, $"simple_relu:{k} is tuned to edges at {Deg(preferred + 90)}",
                    m => m.Edge(unit).Should().BeTunedTo(EdgesAround, "orientation", Circular.Wrap(preferred + 90, 360), 15, 360))
                .Mutant(MovedBy180, $"simple_relu:{k} is tuned to edges at {Deg(preferred + 180)}",
                    m => m.Edge(unit).Should().BeTunedTo(EdgesAround, "orientation", Circular.Wrap(preferred + 180, 360), 15, 360))
                .Breaks("simple", k, Negated, Zeroed);
            // The OR unit answers only edges rising along 0–90°: claimed for the units pointing elsewhere, it is the wrong layer.
            if (EdgeDirection(k) is >= 180 and <= 270)
                claim.Mutant(WrongLayer, $"logic_relu:0 is tuned to edges at {Deg(preferred)}",
                    m => m.Logic(Or).Should().BeTunedTo(EdgesAround, "orientation", preferred, 15, 360));
            yield return claim;

            yield return new GroundTruthClaim($"simple_relu:{k} has no echo: edges at {Deg(preferred + 180)} leave it below half its peak",
                    m => m.Edge(unit).Should().HaveNoEcho(EdgesAround))
                .Mutant(EchoClaimed, $"simple_relu:{k} has an echo at {Deg(preferred + 180)}", m => m.Edge(unit).Should().HaveEcho(EdgesAround))
                .Breaks("simple", k, Zeroed);
        }
    }

    private static IEnumerable<GroundTruthClaim> OrClaims()
    {
        foreach (var direction in new[] { 0.0, 90 })
            yield return new GroundTruthClaim($"logic_relu:0 (OR) responds to edges rising along {direction}° with a mean of at least 0.4",
                    m => m.Logic(Or).Should().RespondTo(Rising(direction), 0.4))
                .Mutant(WrongStimulus, $"logic_relu:0 responds to edges rising along {direction + 180}°", m => m.Logic(Or).Should().RespondTo(Rising(direction + 180), 0.4))
                .Mutant(WrongLayer, $"logic_relu:1 (AND) responds to edges rising along {direction}°", m => m.Logic(And).Should().RespondTo(Rising(direction), 0.4))
                .Breaks("logic", Or, Negated, Zeroed, SourcesPermuted);

        yield return new GroundTruthClaim("logic_relu:0 (OR) is excited by simple_relu:0 and simple_relu:2",
                m => m.Logic(Or).Should().BeExcitedBy(Edges(m, 0, 2)))
            .Mutant(SignFlipped, "logic_relu:0 is inhibited by simple_relu:0 and simple_relu:2", m => m.Logic(Or).Should().BeInhibitedBy(Edges(m, 0, 2)))
            .Mutant(WrongSource, "logic_relu:0 is excited by simple_relu:4 and simple_relu:6", m => m.Logic(Or).Should().BeExcitedBy(Edges(m, 4, 6)))
            .Breaks("logic", Or, Negated, Zeroed, SourcesPermuted);
    }

    private static IEnumerable<GroundTruthClaim> AndClaims()
    {
        yield return new GroundTruthClaim("logic_relu:1 (AND) responds to edges rising along 45° (both of its inputs at once) with a mean of at least 0.3",
                m => m.Logic(And).Should().RespondTo(Rising(45), 0.3))
            .Mutant(WrongStimulus, "logic_relu:1 responds to edges rising along 225°", m => m.Logic(And).Should().RespondTo(Rising(225), 0.3))
            .Breaks("logic", And, Negated, Zeroed, SourcesPermuted);

        yield return new GroundTruthClaim("Neither input alone (edges rising along 0° or 90°) drives logic_relu:1 (AND) above 0.05",
                m => m.Logic(And).Should().NotRespondTo(Rising(0, 90), 0.05))
            .Mutant(WrongStimulus, "edges rising along 45° do not drive logic_relu:1 above 0.05", m => m.Logic(And).Should().NotRespondTo(Rising(45), 0.05));

        yield return new GroundTruthClaim("logic_relu:1's two strongest excitatory inputs are simple_relu:0 and simple_relu:2",
                m => m.Logic(And).Should().HaveAmongStrongestInputs(Edges(m, 0, 2), top: 2))
            .Mutant(TieClaimed, "logic_relu:1's two strongest excitatory inputs are simple_relu:1 and simple_relu:3 (weight 0, tied with the rest)",
                m => m.Logic(And).Should().HaveAmongStrongestInputs(Edges(m, 1, 3), top: 2))
            .Breaks("logic", And, Negated, Zeroed, SourcesPermuted);

        yield return new GroundTruthClaim("Ablating simple_relu:2 removes at least 90 % of logic_relu:1's response to edges rising along 45°",
                m => m.Edge(2).Zeroed().Should().ReduceResponseOf(m.Logic(And), Rising(45), byAtLeast: 0.9))
            .Mutant(IrrelevantAblation, "Ablating simple_relu:4 removes at least 90 % of it",
                m => m.Edge(4).Zeroed().Should().ReduceResponseOf(m.Logic(And), Rising(45), byAtLeast: 0.9))
            .Breaks("logic", And, Negated, Zeroed);
    }

    private static IEnumerable<GroundTruthClaim> XorClaims()
    {
        foreach (var direction in new[] { 0.0, 90 })
            yield return new GroundTruthClaim($"xor_relu:0 responds to edges rising along {direction}° (one input) with a mean of at least 0.4",
                    m => m.Xor().Should().RespondTo(Rising(direction), 0.4))
                .Mutant(WrongStimulus, $"xor_relu:0 responds to edges rising along {direction + 180}°", m => m.Xor().Should().RespondTo(Rising(direction + 180), 0.4))
                .Breaks("xor", 0, Negated, Zeroed);

        yield return new GroundTruthClaim("Edges rising along 45° (both inputs) do not drive xor_relu:0 above 0.1",
                m => m.Xor().Should().NotRespondTo(Rising(45), 0.1))
            .Mutant(WrongStimulus, "edges rising along 0° do not drive xor_relu:0 above 0.1", m => m.Xor().Should().NotRespondTo(Rising(0), 0.1))
            // Without its AND input the XOR unit is an OR unit.
            .Breaks("logic", And, Zeroed)
            .Breaks("xor", 0, Negated);

        yield return new GroundTruthClaim("xor_relu:0 prefers edges rising along 0° to those rising along 45° by at least 3×",
                m => m.Xor().Should().PreferOver(Rising(0), Rising(45), 3, controls: 0))
            .Mutant(PreferenceReversed, "xor_relu:0 prefers edges rising along 45° to those along 0°",
                m => m.Xor().Should().PreferOver(Rising(45), Rising(0), 3, controls: 0))
            .Breaks("logic", And, Zeroed)
            .Breaks("xor", 0, Negated, Zeroed);

        yield return new GroundTruthClaim("xor_relu:0 is excited by logic_relu:0 (OR) and inhibited by logic_relu:1 (AND)",
                m => m.Xor().Should().BeExcitedBy([m.Logic(Or)]).And.BeInhibitedBy([m.Logic(And)]))
            .Mutant(SignFlipped, "xor_relu:0 is excited by logic_relu:1 (AND)", m => m.Xor().Should().BeExcitedBy([m.Logic(And)]))
            .Mutant(WrongSource, "xor_relu:0 is excited by logic_relu:4", m => m.Xor().Should().BeExcitedBy([m.Logic(DiagonalUp)]))
            .Breaks("xor", 0, Negated, Zeroed, SourcesPermuted);

        yield return new GroundTruthClaim("logic_relu:0 (OR) is xor_relu:0's strongest excitatory input",
                m => m.Xor().Should().HaveAmongStrongestInputs([m.Logic(Or)], top: 1))
            .Mutant(TieClaimed, "logic_relu:2 is xor_relu:0's strongest excitatory input (weight 0, tied with four others)",
                m => m.Xor().Should().HaveAmongStrongestInputs([m.Logic(OneSided)], top: 1))
            .Breaks("xor", 0, Negated, Zeroed, SourcesPermuted);

        yield return new GroundTruthClaim("Ablating logic_relu:0 (OR) removes at least 90 % of xor_relu:0's response to edges rising along 0°",
                m => m.Logic(Or).Zeroed().Should().ReduceResponseOf(m.Xor(), Rising(0), byAtLeast: 0.9))
            .Mutant(IrrelevantAblation, "Ablating logic_relu:4 removes at least 90 % of it",
                m => m.Logic(DiagonalUp).Zeroed().Should().ReduceResponseOf(m.Xor(), Rising(0), byAtLeast: 0.9))
            .Breaks("xor", 0, Zeroed);

        Family unused(Network m) => new("one-sided, silent and diagonal units", [m.Logic(OneSided), m.Logic(Silent), m.Logic(DiagonalUp), m.Logic(DiagonalDown)]);
        yield return new GroundTruthClaim("Ablating the units xor_relu:0 does not read (logic_relu:2–5) leaves its response to edges rising along 0° unchanged",
                m => unused(m).Zeroed().Should().NotChangeResponseOf(m.Xor(), Rising(0), byMoreThan: 0.05))
            .Mutant(ControlNegated, "Ablating logic_relu:2–5 halves xor_relu:0's response to edges rising along 0°",
                m => unused(m).Zeroed().Should().ReduceResponseOf(m.Xor(), Rising(0), byAtLeast: 0.5));

        yield return new GroundTruthClaim("Ablating the AND unit leaves xor_relu:0's response to edges rising along 0° unchanged (AND is silent there)",
                m => m.Logic(And).Zeroed().Should().NotChangeResponseOf(m.Xor(), Rising(0), byMoreThan: 0.05))
            .Mutant(ControlNegated, "Ablating the AND unit halves xor_relu:0's response to edges rising along 0°",
                m => m.Logic(And).Zeroed().Should().ReduceResponseOf(m.Xor(), Rising(0), byAtLeast: 0.5));

        yield return new GroundTruthClaim("edges → OR, AND → XOR explains xor_relu:0: it recovers 0.95–1.05 of its response under zero, mean and resample ablation",
                m => LogicCircuitClaim(m, andExcites: false).Should().BeFaithful(OneBothOther, minRecovered: 0.95, controls: 2))
            .Mutant(PlantedClaims.CircuitMissingEdges, "edges → OR → XOR explains it (the AND unit left out)",
                m => new Circuit("edges → OR → XOR").Excites(m.Edge(0), m.Logic(Or)).Excites(m.Edge(2), m.Logic(Or)).Excites(m.Logic(Or), m.Xor())
                    .Should().BeFaithful(OneBothOther, minRecovered: 0.95, controls: 0))
            .Mutant(WrongSource, "the diagonal units explain it",
                m => new Circuit("diagonals → XOR").Excites(m.Logic(DiagonalUp), m.Xor()).Excites(m.Logic(DiagonalDown), m.Xor())
                    .Should().BeFaithful(OneBothOther, minRecovered: 0.95, controls: 0))
            .Breaks("xor", 0, Zeroed);

        yield return new GroundTruthClaim("edges → OR, AND → XOR: simple_relu:0 and 2 excite OR and AND; OR excites XOR, AND inhibits it",
                m => LogicCircuitClaim(m, andExcites: false).Should().Hold())
            .Mutant(SignFlipped, "the same circuit with AND exciting XOR", m => LogicCircuitClaim(m, andExcites: true).Should().Hold())
            .Breaks("logic", And, Negated)
            .Breaks("xor", 0, Negated);
    }

    private static Circuit LogicCircuitClaim(Network m, bool andExcites)
    {
        var circuit = new Circuit("edges → OR, AND → XOR");
        foreach (var k in new[] { 0, 2 }) circuit.Excites(m.Edge(k), m.Logic(Or)).Excites(m.Edge(k), m.Logic(And));
        circuit.Excites(m.Logic(Or), m.Xor());
        return andExcites ? circuit.Excites(m.Logic(And), m.Xor()) : circuit.Inhibits(m.Logic(And), m.Xor());
    }

    private static IEnumerable<GroundTruthClaim> OneSidedClaims()
    {
        yield return new GroundTruthClaim("logic_relu:2 receives simple_relu:0 at the left of its kernel (through a negated kernel and a negative scale)",
                m => m.Logic(OneSided).Should().ReceiveWeightFrom(m.Edge(0)).At(KernelRegion.Left, minShare: 0.9))
            .Mutant(WrongRegion, "logic_relu:2 receives simple_relu:0 at the right of its kernel",
                m => m.Logic(OneSided).Should().ReceiveWeightFrom(m.Edge(0)).At(KernelRegion.Right))
            .Mutant(WrongRegion, "logic_relu:2 receives simple_relu:0 at the centre of its kernel",
                m => m.Logic(OneSided).Should().ReceiveWeightFrom(m.Edge(0)).At(KernelRegion.Centre))
            .Breaks("logic", OneSided, Negated, Zeroed, SourcesPermuted);

        yield return new GroundTruthClaim("logic_relu:2 is excited by simple_relu:0",
                m => m.Logic(OneSided).Should().BeExcitedBy([m.Edge(0)]))
            .Mutant(SignFlipped, "logic_relu:2 is inhibited by simple_relu:0", m => m.Logic(OneSided).Should().BeInhibitedBy([m.Edge(0)]))
            .Mutant(WrongSource, "logic_relu:2 is excited by simple_relu:4", m => m.Logic(OneSided).Should().BeExcitedBy([m.Edge(4)]))
            .Breaks("logic", OneSided, Negated, Zeroed, SourcesPermuted);
    }

    private static IEnumerable<GroundTruthClaim> SilentClaims()
    {
        var claim = new GroundTruthClaim("No edge drives logic_relu:3 (3.1·simple:0 − simple:8, zero in exact arithmetic) above 0.01",
            m => m.Logic(Silent).Should().NotRespondTo(EdgesAround, 0.01));
        // Every orientation, so that one of the claims names wherever its rounding residue happens to peak.
        foreach (var orientation in new[] { 0.0, 90, 180, 270 })
            claim.Mutant(SilentClaimedTuned, $"logic_relu:3 is tuned to edges at {orientation}° (± 45°)",
                m => m.Logic(Silent).Should().BeTunedTo(EdgesAround, "orientation", orientation, 45, 360));
        claim.Mutant(SilentClaimedTuned, "logic_relu:3 prefers edges at 270° to edges at 90°",
            m => m.Logic(Silent).Should().PreferOver(Rising(0), Rising(180), 1.5, controls: 0));
        yield return claim;

        Family tunable(Network m) => new("OR, AND, silent and diagonal units", [m.Logic(Or), m.Logic(And), m.Logic(Silent), m.Logic(DiagonalUp), m.Logic(DiagonalDown)]);
        yield return new GroundTruthClaim("Of the OR, AND, silent and two diagonal units, at least 4 are tuned to edge orientation (half-maximum width ≤ 150°)",
                m => tunable(m).Should().ContainTunedUnits(4, EdgesAround, "orientation", maxHalfWidth: 150, period: 360))
            .Mutant(SilentCounted, "at least 5 of them are tuned (the silent unit counted)",
                m => tunable(m).Should().ContainTunedUnits(5, EdgesAround, "orientation", maxHalfWidth: 150, period: 360))
            .Breaks("logic", And, Zeroed);
    }

    private static IEnumerable<GroundTruthClaim> DirectionClaims()
    {
        yield return new GroundTruthClaim("The diagonal pair (logic_relu:4 + logic_relu:5) is tuned to edges at 270° (± 15°)",
                m => m.DiagonalPair().Should().BeTunedTo(EdgesAround, "orientation", 270, 15, 360))
            .Mutant(MovedBy90, "the diagonal pair is tuned to edges at 0°", m => m.DiagonalPair().Should().BeTunedTo(EdgesAround, "orientation", 0, 15, 360))
            .Mutant(MovedBy180, "the diagonal pair is tuned to edges at 90°", m => m.DiagonalPair().Should().BeTunedTo(EdgesAround, "orientation", 90, 15, 360))
            .Mutant(DirectionAsNeuron, "logic_relu:4 alone is tuned to edges at 270°", m => m.Logic(DiagonalUp).Should().BeTunedTo(EdgesAround, "orientation", 270, 15, 360))
            .Mutant(DirectionAsNeuron, "logic_relu:5 alone is tuned to edges at 270°", m => m.Logic(DiagonalDown).Should().BeTunedTo(EdgesAround, "orientation", 270, 15, 360))
            .Breaks("logic", DiagonalUp, Zeroed, Negated)
            .Breaks("logic", DiagonalDown, Zeroed);

        yield return new GroundTruthClaim("The diagonal pair is excited by simple_relu:1 and simple_relu:7",
                m => m.DiagonalPair().Should().BeExcitedBy(Edges(m, 1, 7)))
            .Mutant(SignFlipped, "the diagonal pair is inhibited by simple_relu:1 and simple_relu:7", m => m.DiagonalPair().Should().BeInhibitedBy(Edges(m, 1, 7)))
            .Mutant(WrongSource, "the diagonal pair is excited by simple_relu:3 and simple_relu:5", m => m.DiagonalPair().Should().BeExcitedBy(Edges(m, 3, 5)))
            .Breaks("logic", DiagonalUp, Zeroed, Negated, SourcesPermuted);

        yield return new GroundTruthClaim("The diagonal pair's two strongest excitatory inputs are simple_relu:1 and simple_relu:7",
                m => m.DiagonalPair().Should().HaveAmongStrongestInputs(Edges(m, 1, 7), top: 2))
            .Mutant(TieClaimed, "its two strongest are simple_relu:3 and simple_relu:5 (weight 0)",
                m => m.DiagonalPair().Should().HaveAmongStrongestInputs(Edges(m, 3, 5), top: 2))
            .Breaks("logic", DiagonalUp, Negated, SourcesPermuted);

        yield return new GroundTruthClaim("Ablating simple_relu:1 and simple_relu:7 removes at least 90 % of the diagonal pair's response to edges rising along 0°",
                m => new Family("diagonal edge detectors", Edges(m, 1, 7)).Zeroed().Should().ReduceResponseOf(m.DiagonalPair(), Rising(0), byAtLeast: 0.9))
            .Mutant(IrrelevantAblation, "Ablating simple_relu:0 (the edge the stimuli show) removes at least 90 % of it",
                m => m.Edge(0).Zeroed().Should().ReduceResponseOf(m.DiagonalPair(), Rising(0), byAtLeast: 0.9));
    }
}
