using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.GroundTruth;
using CircuitSpec.Measurements;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using static CircuitSpec.GroundTruth.PlantedClaims;
using static CircuitSpec.Models.Planted.MutationKind;
using static CircuitSpec.Tests.GroundTruth.PlantedLogic.LogicCircuit;
using VisionTruth = CircuitSpec.GroundTruth.PlantedTruth<CircuitSpec.Networks.Network, CircuitSpec.Models.Planted.WeightMutation>;

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

    public static IReadOnlyList<VisionTruth> All { get; } =
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

    private static IEnumerable<VisionTruth> EdgeClaims()
    {
        for (var k = 0; k < EdgeUnits; k++)
        {
            var unit = k;
            var preferred = EdgeOrientation(EdgeDirection(k));
            var sign = k % 2 == 1 ? " (through its negative batch norm scale)" : "";
            var claim = GroundTruthClaim.Of($"simple_relu:{k} is tuned to edges at {Deg(preferred)} (± 15°){sign}",
                    m => new TunedTo(m.Edge(unit), EdgesAround, "orientation", preferred, 15, 360))
                .Mutant(MovedBy90, c => c with { Value = Circular.Wrap(c.Value + 90, 360) })
                .Mutant(MovedBy180, c => c with { Value = Circular.Wrap(c.Value + 180, 360) })
                .Breaks("simple", k, Negated, Zeroed);
            // The OR unit answers only edges rising along 0–90°: claimed for the units pointing elsewhere, it is the wrong layer.
            if (EdgeDirection(k) is >= 180 and <= 270) claim.Mutant(WrongLayer, (c, m) => c with { Subject = m.Logic(Or) });
            yield return claim;

            yield return GroundTruthClaim.Of($"simple_relu:{k} has no echo: edges at {Deg(preferred + 180)} leave it below half its peak",
                    m => new Echo(m.Edge(unit), EdgesAround, Present: false))
                .Mutant(EchoClaimed, c => c with { Present = true })
                .Breaks("simple", k, Zeroed);
        }
    }

    private static IEnumerable<VisionTruth> OrClaims()
    {
        foreach (var direction in new[] { 0.0, 90 })
            yield return GroundTruthClaim.Of($"logic_relu:0 (OR) responds to edges rising along {direction}° with a mean of at least 0.4",
                    m => new RespondsTo(m.Logic(Or), Rising(direction), 0.4))
                .Mutant(WrongStimulus, c => c with { Stimuli = Rising(direction + 180) })
                .Mutant(WrongLayer, (c, m) => c with { Subject = m.Logic(And) })
                .Breaks("logic", Or, Negated, Zeroed, SourcesPermuted);

        yield return GroundTruthClaim.Of("logic_relu:0 (OR) is excited by simple_relu:0 and simple_relu:2", m => new ExcitedBy(m.Logic(Or), Edges(m, 0, 2)))
            .Mutant(SignFlipped, c => c with { Sign = -c.Sign })
            .Mutant(WrongSource, (c, m) => c with { Sources = Edges(m, 4, 6) })
            .Breaks("logic", Or, Negated, Zeroed, SourcesPermuted);
    }

    private static IEnumerable<VisionTruth> AndClaims()
    {
        yield return GroundTruthClaim.Of("logic_relu:1 (AND) responds to edges rising along 45° (both of its inputs at once) with a mean of at least 0.3",
                m => new RespondsTo(m.Logic(And), Rising(45), 0.3))
            .Mutant(WrongStimulus, c => c with { Stimuli = Rising(225) })
            .Breaks("logic", And, Negated, Zeroed, SourcesPermuted);

        yield return GroundTruthClaim.Of("Neither input alone (edges rising along 0° or 90°) drives logic_relu:1 (AND) above 0.05",
                m => new NotDrivenAbove(m.Logic(And), Rising(0, 90), 0.05))
            .Mutant(WrongStimulus, c => c with { Stimuli = Rising(45) });

        yield return GroundTruthClaim.Of("logic_relu:1's two strongest excitatory inputs are simple_relu:0 and simple_relu:2",
                m => new AmongStrongestInputs(m.Logic(And), Edges(m, 0, 2), Top: 2))
            // simple_relu:1 and 3 have weight 0, tied with the rest.
            .Mutant(TieClaimed, (c, m) => c with { Expected = Edges(m, 1, 3) })
            .Breaks("logic", And, Negated, Zeroed, SourcesPermuted);

        yield return GroundTruthClaim.Of("Ablating simple_relu:2 removes at least 90 % of logic_relu:1's response to edges rising along 45°",
                m => new ReducesResponse(m.Edge(2).Ablated(), m.Logic(And), Rising(45), ByAtLeast: 0.9))
            .Mutant(IrrelevantAblation, (c, m) => c with { Lesion = m.Edge(4).Ablated() })
            .Breaks("logic", And, Negated, Zeroed);
    }

    private static IEnumerable<VisionTruth> XorClaims()
    {
        foreach (var direction in new[] { 0.0, 90 })
            yield return GroundTruthClaim.Of($"xor_relu:0 responds to edges rising along {direction}° (one input) with a mean of at least 0.4",
                    m => new RespondsTo(m.Xor(), Rising(direction), 0.4))
                .Mutant(WrongStimulus, c => c with { Stimuli = Rising(direction + 180) })
                .Breaks("xor", 0, Negated, Zeroed);

        yield return GroundTruthClaim.Of("Edges rising along 45° (both inputs) do not drive xor_relu:0 above 0.1", m => new NotDrivenAbove(m.Xor(), Rising(45), 0.1))
            .Mutant(WrongStimulus, c => c with { Stimuli = Rising(0) })
            // Without its AND input the XOR unit is an OR unit.
            .Breaks("logic", And, Zeroed)
            .Breaks("xor", 0, Negated);

        yield return GroundTruthClaim.Of("xor_relu:0 prefers edges rising along 0° to those rising along 45° by at least 3×",
                m => new Prefers(m.Xor(), Rising(0), Rising(45), 3, Controls: 0))
            .Mutant(PreferenceReversed, c => c with { Preferred = c.Other, Other = c.Preferred })
            .Breaks("logic", And, Zeroed)
            .Breaks("xor", 0, Negated, Zeroed);

        yield return GroundTruthClaim.Of("xor_relu:0 is excited by logic_relu:0 (OR) and inhibited by logic_relu:1 (AND)",
                m => new Both(new ExcitedBy(m.Xor(), [m.Logic(Or)]), new ExcitedBy(m.Xor(), [m.Logic(And)], Sign: -1)))
            .Mutant(SignFlipped, c => (ExcitedBy)c.Second with { Sign = +1 })
            .Mutant(WrongSource, (c, m) => (ExcitedBy)c.First with { Sources = [m.Logic(DiagonalUp)] })
            .Breaks("xor", 0, Negated, Zeroed, SourcesPermuted);

        yield return GroundTruthClaim.Of("logic_relu:0 (OR) is xor_relu:0's strongest excitatory input", m => new AmongStrongestInputs(m.Xor(), [m.Logic(Or)], Top: 1))
            // logic_relu:2 has weight 0, tied with four others.
            .Mutant(TieClaimed, (c, m) => c with { Expected = [m.Logic(OneSided)] })
            .Breaks("xor", 0, Negated, Zeroed, SourcesPermuted);

        yield return GroundTruthClaim.Of("Ablating logic_relu:0 (OR) removes at least 90 % of xor_relu:0's response to edges rising along 0°",
                m => new ReducesResponse(m.Logic(Or).Ablated(), m.Xor(), Rising(0), ByAtLeast: 0.9))
            .Mutant(IrrelevantAblation, (c, m) => c with { Lesion = m.Logic(DiagonalUp).Ablated() })
            .Breaks("xor", 0, Zeroed);

        Family unused(Network m) => new("one-sided, silent and diagonal units", [m.Logic(OneSided), m.Logic(Silent), m.Logic(DiagonalUp), m.Logic(DiagonalDown)]);
        yield return GroundTruthClaim.Of("Ablating the units xor_relu:0 does not read (logic_relu:2–5) leaves its response to edges rising along 0° unchanged",
                m => new LeavesResponse(unused(m).Ablated(), m.Xor(), Rising(0), ByMoreThan: 0.05))
            .Mutant(ControlNegated, c => new ReducesResponse(c.Lesion, c.Target, c.On, ByAtLeast: 0.5));

        yield return GroundTruthClaim.Of("Ablating the AND unit leaves xor_relu:0's response to edges rising along 0° unchanged (AND is silent there)",
                m => new LeavesResponse(m.Logic(And).Ablated(), m.Xor(), Rising(0), ByMoreThan: 0.05))
            .Mutant(ControlNegated, c => new ReducesResponse(c.Lesion, c.Target, c.On, ByAtLeast: 0.5));

        yield return GroundTruthClaim.Of("edges → OR, AND → XOR explains xor_relu:0: it recovers 0.95–1.05 of its response under zero, mean and resample ablation",
                m => new Faithful(LogicCircuitClaim(m, andExcites: false), OneBothOther, MinRecovered: 0.95, Controls: 2))
            .Mutant(PlantedClaims.CircuitMissingEdges, (c, m) => c with
            {
                Subject = new Circuit("edges → OR → XOR").Excites(m.Edge(0), m.Logic(Or)).Excites(m.Edge(2), m.Logic(Or)).Excites(m.Logic(Or), m.Xor()),
                Controls = 0,
            })
            .Mutant(WrongSource, (c, m) => c with
            {
                Subject = new Circuit("diagonals → XOR").Excites(m.Logic(DiagonalUp), m.Xor()).Excites(m.Logic(DiagonalDown), m.Xor()),
                Controls = 0,
            })
            .Breaks("xor", 0, Zeroed);

        yield return GroundTruthClaim.Of("edges → OR, AND → XOR: simple_relu:0 and 2 excite OR and AND; OR excites XOR, AND inhibits it",
                m => new CircuitHolds(LogicCircuitClaim(m, andExcites: false)))
            .Mutant(SignFlipped, (c, m) => c with { Subject = LogicCircuitClaim(m, andExcites: true) })
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

    private static IEnumerable<VisionTruth> OneSidedClaims()
    {
        yield return GroundTruthClaim.Of("logic_relu:2 receives simple_relu:0 at the left of its kernel (through a negated kernel and a negative scale)",
                m => new WeightAt(m.Logic(OneSided), m.Edge(0), KernelRegion.Left, MinShare: 0.9))
            .Mutant(WrongRegion, c => c with { Region = KernelRegion.Right, MinShare = 0.5 })
            .Mutant(WrongRegion, c => c with { Region = KernelRegion.Centre, MinShare = 0.5 })
            .Breaks("logic", OneSided, Negated, Zeroed, SourcesPermuted);

        yield return GroundTruthClaim.Of("logic_relu:2 is excited by simple_relu:0", m => new ExcitedBy(m.Logic(OneSided), [m.Edge(0)]))
            .Mutant(SignFlipped, c => c with { Sign = -c.Sign })
            .Mutant(WrongSource, (c, m) => c with { Sources = [m.Edge(4)] })
            .Breaks("logic", OneSided, Negated, Zeroed, SourcesPermuted);
    }

    private static IEnumerable<VisionTruth> SilentClaims()
    {
        var claim = GroundTruthClaim.Of("No edge drives logic_relu:3 (3.1·simple:0 − simple:8, zero in exact arithmetic) above 0.01",
            m => new NotDrivenAbove(m.Logic(Silent), EdgesAround, 0.01));
        // Every orientation, so that one of the claims names wherever its rounding residue happens to peak.
        foreach (var orientation in new[] { 0.0, 90, 180, 270 })
            claim.Mutant(SilentClaimedTuned, c => new TunedTo(c.Subject, EdgesAround, "orientation", orientation, 45, 360));
        claim.Mutant(SilentClaimedTuned, c => new Prefers(c.Subject, Rising(0), Rising(180), 1.5, Controls: 0));
        yield return claim;

        Family tunable(Network m) => new("OR, AND, silent and diagonal units", [m.Logic(Or), m.Logic(And), m.Logic(Silent), m.Logic(DiagonalUp), m.Logic(DiagonalDown)]);
        yield return GroundTruthClaim.Of("Of the OR, AND, silent and two diagonal units, at least 4 are tuned to edge orientation (half-maximum width ≤ 150°)",
                m => new ContainsTunedUnits(tunable(m), 4, EdgesAround, "orientation", MaxHalfWidth: 150, Period: 360))
            .Mutant(SilentCounted, c => c with { AtLeast = 5 })
            .Breaks("logic", And, Zeroed);
    }

    private static IEnumerable<VisionTruth> DirectionClaims()
    {
        yield return GroundTruthClaim.Of("The diagonal pair (logic_relu:4 + logic_relu:5) is tuned to edges at 270° (± 15°)",
                m => new TunedTo(m.DiagonalPair(), EdgesAround, "orientation", 270, 15, 360))
            .Mutant(MovedBy90, c => c with { Value = 0 })
            .Mutant(MovedBy180, c => c with { Value = 90 })
            .Mutant(DirectionAsNeuron, (c, m) => c with { Subject = m.Logic(DiagonalUp) })
            .Mutant(DirectionAsNeuron, (c, m) => c with { Subject = m.Logic(DiagonalDown) })
            .Breaks("logic", DiagonalUp, Zeroed, Negated)
            .Breaks("logic", DiagonalDown, Zeroed);

        yield return GroundTruthClaim.Of("The diagonal pair is excited by simple_relu:1 and simple_relu:7", m => new ExcitedBy(m.DiagonalPair(), Edges(m, 1, 7)))
            .Mutant(SignFlipped, c => c with { Sign = -c.Sign })
            .Mutant(WrongSource, (c, m) => c with { Sources = Edges(m, 3, 5) })
            .Breaks("logic", DiagonalUp, Zeroed, Negated, SourcesPermuted);

        yield return GroundTruthClaim.Of("The diagonal pair's two strongest excitatory inputs are simple_relu:1 and simple_relu:7",
                m => new AmongStrongestInputs(m.DiagonalPair(), Edges(m, 1, 7), Top: 2))
            // simple_relu:3 and 5 have weight 0.
            .Mutant(TieClaimed, (c, m) => c with { Expected = Edges(m, 3, 5) })
            .Breaks("logic", DiagonalUp, Negated, SourcesPermuted);

        yield return GroundTruthClaim.Of("Ablating simple_relu:1 and simple_relu:7 removes at least 90 % of the diagonal pair's response to edges rising along 0°",
                m => new ReducesResponse(new Family("diagonal edge detectors", Edges(m, 1, 7)).Ablated(), m.DiagonalPair(), Rising(0), ByAtLeast: 0.9))
            // simple_relu:0 is the edge the stimuli show.
            .Mutant(IrrelevantAblation, (c, m) => c with { Lesion = m.Edge(0).Ablated() });
    }
}
