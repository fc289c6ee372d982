using CircuitSpec.Circuits;
using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Measurements;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using static CircuitSpec.Models.Planted.MutationKind;
using static CircuitSpec.Models.Planted.PlantedCircuit;
using static CircuitSpec.Models.Planted.PlantedStimuli;
using VisionTruth = CircuitSpec.GroundTruth.PlantedTruth<CircuitSpec.Networks.Network, CircuitSpec.Models.Planted.WeightMutation>;

namespace CircuitSpec.GroundTruth;

/// <summary>
/// What we know about the planted circuit because we built it: its true claims, each with the false claims made from
/// it by one mutation and the weight mutations that must break it. The specs check that every true claim holds; the
/// mutation suite checks that every false one fails.
/// </summary>
public static class PlantedClaims
{
    public const string SignFlipped = "sign flipped", WrongSource = "wrong source", WrongLayer = "wrong layer",
        WrongRegion = "wrong kernel region", MovedBy90 = "preferred orientation moved by 90°", PreferenceReversed = "preference reversed",
        EchoClaimed = "echo claimed", WrongStimulus = "wrong stimulus", ControlNegated = "negative control negated",
        ValueMoved = "preferred value moved", CircuitMissingEdges = "circuit missing planted edges", RedundantEdge = "redundant edge claimed needed";

    public static IReadOnlyList<VisionTruth> All { get; } = [.. EdgeClaims(), .. CurveClaims(), .. CircleClaims(), .. CircuitClaims(), .. AndClaims(), .. PolysemanticClaims()];

    private static Unit[] Edges(Network m, IEnumerable<int> units) => units.Select(m.Edge).ToArray();
    private static double Turn(double degrees) => Circular.Wrap(degrees, 360);
    private static string Deg(double degrees) => $"{Turn(degrees):0}°";

    private static IEnumerable<VisionTruth> EdgeClaims()
    {
        foreach (var k in new[] { 0, 3, 6, 9 })
        {
            var preferred = Turn(EdgeDirection(k) - 90);
            var claim = GroundTruthClaim.Of($"edges:{k} is tuned to edges at {Deg(preferred)} (± 15°)",
                    m => new TunedTo(m.Edge(k), EdgesAround, "orientation", preferred, 15, 360))
                .Mutant(MovedBy90, c => c with { Value = Turn(c.Value + 90) })
                .Mutant(WrongLayer, (c, m) => c with { Subject = m.CircleDetector() })
                .Breaks("edges", k, Negated, Zeroed);
            // Turning the kernel upside down mirrors a vertical direction only.
            if (k is 3 or 9) claim.Breaks("edges", k, Flipped);
            yield return claim;
        }
    }

    private static IEnumerable<VisionTruth> CurveClaims()
    {
        for (var j = 0; j < CurveUnits; j++)
        {
            var unit = j;
            var theta = CurveOrientation(j);
            var along = EdgesNear(theta);
            var opposite = EdgesNear(theta + 180);

            yield return GroundTruthClaim.Of($"curves:{j} is tuned to arcs facing {Deg(theta)} (± 15°)",
                    m => new TunedTo(m.Curve(unit), ArcsAround, "orientation", theta, 15, 360))
                .Mutant(MovedBy90, c => c with { Value = Turn(c.Value + 90) })
                .Breaks("curves", j, Negated, Zeroed, SourcesPermuted);

            yield return GroundTruthClaim.Of($"curves:{j} prefers its arcs to straight lines by at least 3×",
                    m => new Prefers(m.Curve(unit), ArcsFacing(theta), Lines, 3))
                .Mutant(PreferenceReversed, c => c with { Preferred = c.Other, Other = c.Preferred })
                .Breaks("curves", j, Negated, Zeroed, SourcesPermuted);

            yield return GroundTruthClaim.Of($"curves:{j} has no echo: arcs facing {Deg(theta + 180)} drive it below half its peak",
                    m => new Echo(m.Curve(unit), ArcsAround, Present: false))
                .Mutant(EchoClaimed, c => c with { Present = true })
                // Negated, it becomes a detector of the opposite arcs, which has no echo either: only silence breaks this claim.
                .Breaks("curves", j, Zeroed);

            yield return GroundTruthClaim.Of($"curves:{j} is excited by the edge detectors along its arc (edges:{string.Join(", ", along)})",
                    m => new ExcitedBy(m.Curve(unit), Edges(m, along)))
                .Mutant(SignFlipped, c => c with { Sign = -c.Sign })
                .Mutant(WrongSource, (c, m) => c with { Sources = Edges(m, opposite) })
                .Breaks("curves", j, Negated, Zeroed, SourcesPermuted);

            yield return GroundTruthClaim.Of($"curves:{j} is inhibited by the edge detectors of the opposite arc (edges:{string.Join(", ", opposite)})",
                    m => new ExcitedBy(m.Curve(unit), Edges(m, opposite), Sign: -1))
                .Mutant(SignFlipped, c => c with { Sign = -c.Sign })
                .Mutant(WrongSource, (c, m) => c with { Sources = Edges(m, along) })
                .Breaks("curves", j, Negated, Zeroed, SourcesPermuted);

            // The ends of a 120° arc: for the four axis-aligned detectors, clearly on one side of the kernel.
            if (j % 2 != 0) continue;
            foreach (var end in new[] { +60, -60 })
            {
                var edge = EdgesNear(theta + end, 0).Single();
                var region = RegionOf(theta + end, theta);
                var claim = GroundTruthClaim.Of($"curves:{j} receives edges:{edge} (the arc's normal at {Deg(theta + end)}) at the {Name(region)} of its kernel",
                        m => new WeightAt(m.Curve(unit), m.Edge(edge), region))
                    .Mutant(WrongRegion, c => c with { Region = Opposite(c.Region) })
                    // Not negation: the opposite arc's inhibition from the same edge unit then turns positive on the same side.
                    .Breaks("curves", j, Zeroed, SourcesPermuted);
                if (region is KernelRegion.Top or KernelRegion.Bottom) claim.Breaks("curves", j, Flipped);
                yield return claim;
            }
        }

        yield return GroundTruthClaim.Of("The eight curve detectors tile every orientation with no gap over 60°",
                m => new TilesTheCircle(m.CurveFamily(), ArcsAround, 60))
            .Breaks("curves", 2, Negated, Zeroed);

        yield return GroundTruthClaim.Of("Every arc facing 80–100° with radius 11–13 drives curves:2 above 0.15",
                m => new RespondsAcross(m.Curve(2), StimulusSpace.Curves((80, 100), (11, 13)), 0.15, Above: true, Tests: 40))
            .Mutant(MovedBy90, c => c with { Space = StimulusSpace.Curves((170, 190), (11, 13)) })
            .Breaks("curves", 2, Negated, Zeroed, SourcesPermuted);
    }

    /// <summary>Where the arc point whose normal is <paramref name="normal"/> lies, for an arc facing <paramref name="facing"/> (axis-aligned).</summary>
    private static KernelRegion RegionOf(double normal, double facing)
    {
        var (cx, cy) = (-Radius * Math.Cos(double.DegreesToRadians(facing)), -Radius * Math.Sin(double.DegreesToRadians(facing)));
        return Region(cx + (Radius - 2) * Math.Cos(double.DegreesToRadians(normal)), cy + (Radius - 2) * Math.Sin(double.DegreesToRadians(normal)));
    }

    /// <summary>The side of the kernel that direction <paramref name="degrees"/> points to (axis-aligned directions).</summary>
    private static KernelRegion RegionToward(double degrees) => Region(Math.Cos(double.DegreesToRadians(degrees)), Math.Sin(double.DegreesToRadians(degrees)));

    private static KernelRegion Region(double x, double y) =>
        Math.Abs(y) > Math.Abs(x) ? (y > 0 ? KernelRegion.Top : KernelRegion.Bottom) : (x > 0 ? KernelRegion.Right : KernelRegion.Left);

    private static KernelRegion Opposite(KernelRegion region) => region switch
    {
        KernelRegion.Top => KernelRegion.Bottom,
        KernelRegion.Bottom => KernelRegion.Top,
        KernelRegion.Left => KernelRegion.Right,
        KernelRegion.Right => KernelRegion.Left,
        _ => KernelRegion.Centre,
    };

    private static string Name(KernelRegion region) => region.ToString().ToLowerInvariant();

    private static IEnumerable<VisionTruth> CircleClaims()
    {
        yield return GroundTruthClaim.Of("circles:0 is excited by every curve detector", m => new ExcitedBy(m.CircleDetector(), m.CurveFamily()))
            .Mutant(SignFlipped, c => c with { Sign = -c.Sign })
            .Mutant(WrongSource, (c, m) => c with { Sources = [m.Curve(AndUnit), m.Curve(PolysemanticUnit)] })
            .Breaks("circles", CircleUnit, Negated, Zeroed);

        foreach (var j in new[] { 0, 2, 4, 6 })
        {
            var unit = j;
            // A ring's arc facing θ lies at the ring's centre + radius·(cos θ, sin θ): there the circle detector reads that curve detector.
            var region = RegionToward(CurveOrientation(j));
            var claim = GroundTruthClaim.Of($"circles:0 receives curves:{j} (facing {Deg(CurveOrientation(j))}) at the {Name(region)} of its kernel",
                    m => new WeightAt(m.CircleDetector(), m.Curve(unit), region))
                .Mutant(WrongRegion, c => c with { Region = Opposite(c.Region) })
                .Breaks("circles", CircleUnit, Negated, Zeroed, SourcesPermuted);
            if (region is KernelRegion.Top or KernelRegion.Bottom) claim.Breaks("circles", CircleUnit, Flipped);
            yield return claim;
        }

        yield return GroundTruthClaim.Of("circles:0 responds to rings of radius 12 with a mean of at least 5", m => new RespondsTo(m.CircleDetector(), Rings, 5))
            .Mutant(WrongLayer, (c, m) => c with { Subject = m.Edge(0) })
            .Mutant(WrongStimulus, c => c with { Stimuli = ArcsAround })
            .Breaks("circles", CircleUnit, Negated, Zeroed, SourcesPermuted, Flipped);

        yield return GroundTruthClaim.Of("circles:0 prefers rings to any of their arcs by at least 5×", m => new Prefers(m.CircleDetector(), Rings, ArcsAround, 5))
            .Mutant(PreferenceReversed, c => c with { Preferred = c.Other, Other = c.Preferred })
            // Not flipping: the left and right curve detectors keep their places, and a ring still beats any arc.
            .Breaks("circles", CircleUnit, Negated, Zeroed, SourcesPermuted);

        yield return GroundTruthClaim.Of("circles:0 is tuned to rings of radius 12 (± 1)", m => new TunedTo(m.CircleDetector(), RingsOfEverySize, "radius", 12, 1))
            .Mutant(ValueMoved, c => c with { Value = 18 })
            .Breaks("circles", CircleUnit, Negated, Zeroed);

        yield return GroundTruthClaim.Of("Ablating the eight curve detectors removes at least 90 % of circles:0's response to rings",
                m => new ReducesResponse(m.CurveFamily().Ablated(), m.CircleDetector(), Rings, ByAtLeast: 0.9))
            .Mutant(WrongSource, (c, m) => c with { Lesion = new Family("colours", Edges(m, [Red, Green, Blue])).Ablated() })
            .Breaks("circles", CircleUnit, Negated, Zeroed);

        yield return GroundTruthClaim.Of("Ablating the AND and polysemantic units (curves:8, 9) does not change circles:0's response to rings",
                m => new LeavesResponse(new Family("AND and polysemantic", [m.Curve(AndUnit), m.Curve(PolysemanticUnit)]).Ablated(), m.CircleDetector(), Rings,
                    ByMoreThan: 0.1))
            .Mutant(ControlNegated, c => new ReducesResponse(c.Lesion, c.Target, c.On, ByAtLeast: 0.5));

        yield return GroundTruthClaim.Of("Edges → curves → circle: each axis-aligned curve detector is excited by the edge along its midpoint, " +
                                         "inhibited by the opposite arc's edges, and excites the circle detector",
                m => new CircuitHolds(Circuit(m, flipFirst: false)))
            .Mutant(SignFlipped, (c, m) => c with { Subject = Circuit(m, flipFirst: true) })
            .Breaks("curves", 0, Negated, SourcesPermuted)
            .Breaks("circles", CircleUnit, Negated, Zeroed);
    }

    private static Circuit CurvesToCircle(Network m, string name, IEnumerable<int> curves) =>
        curves.Aggregate(new Circuit(name), (circuit, j) => circuit.Excites(m.Curve(j), m.CircleDetector()));

    private static IEnumerable<VisionTruth> CircuitClaims()
    {
        var curves = Enumerable.Range(0, CurveUnits).ToArray();
        yield return GroundTruthClaim.Of("The eight curve detectors explain circles:0's response to rings: they recover 0.95–1.05 of it under zero, " +
                                         "mean and resample ablation, and (mean ablation) circuit and model lose alike what any subset of them carries, within 5 %",
                m => new Both(new Faithful(CurvesToCircle(m, "curves → circle", curves), Rings, MinRecovered: 0.95, Controls: 2),
                    new Complete(CurvesToCircle(m, "curves → circle", curves), Rings, MaxLeft: 0.05, Ablations: [EdgeAblation.Mean], Subsets: 2)))
            .Mutant(CircuitMissingEdges, (c, m) => ((Faithful)c.First) with { Subject = CurvesToCircle(m, "curves 0–3 → circle", [0, 1, 2, 3]), Controls = 0 })
            .Mutant(WrongSource, (c, m) => ((Faithful)c.First) with { Subject = CurvesToCircle(m, "curves 8, 9 → circle", [AndUnit, PolysemanticUnit]), Controls = 0 })
            .Breaks("circles", CircleUnit, Negated, Zeroed);

        yield return GroundTruthClaim.Of("The curves → circle circuit is minimal: leaving out any curve detector costs at least 2 % of what it recovers",
                m => new Minimal(CurvesToCircle(m, "curves → circle", curves), Rings, MinDrop: 0.02, Ablations: [EdgeAblation.Mean]))
            .Mutant(RedundantEdge, (c, m) => c with { Subject = CurvesToCircle(m, "curves and AND → circle", [.. curves, AndUnit]) })
            .Breaks("circles", CircleUnit, Zeroed);
    }

    private static Circuit Circuit(Network m, bool flipFirst)
    {
        var circuit = new Circuit("edges → curves → circle");
        foreach (var j in new[] { 0, 2, 4, 6 })
        {
            var theta = CurveOrientation(j);
            var midpoint = m.Edge(EdgesNear(theta, 0).Single());
            if (flipFirst && j == 0) circuit.Inhibits(midpoint, m.Curve(j));
            else circuit.Excites(midpoint, m.Curve(j));
            foreach (var k in EdgesNear(theta + 180).Where(k => k != EdgesNear(theta + 180, 0).Single())) circuit.Inhibits(m.Edge(k), m.Curve(j));
            circuit.Excites(m.Curve(j), m.CircleDetector());
        }
        return circuit;
    }

    private static IEnumerable<VisionTruth> AndClaims()
    {
        Unit And(Network m) => m.Curve(AndUnit);
        var redOrBlue = Patches(RedHue).Concat(Patches(BlueHue));

        yield return GroundTruthClaim.Of("curves:8 receives red (edges:12) at the top of its kernel", m => new WeightAt(And(m), m.Edge(Red), KernelRegion.Top))
            .Mutant(WrongRegion, c => c with { Region = KernelRegion.Bottom })
            .Breaks("curves", AndUnit, Negated, Zeroed, SourcesPermuted, Flipped);

        yield return GroundTruthClaim.Of("curves:8 receives blue (edges:14) at the bottom of its kernel", m => new WeightAt(And(m), m.Edge(Blue), KernelRegion.Bottom))
            .Mutant(WrongRegion, c => c with { Region = KernelRegion.Top })
            .Breaks("curves", AndUnit, Negated, Zeroed, SourcesPermuted, Flipped);

        yield return GroundTruthClaim.Of("curves:8 responds to red above blue with a mean of at least 0.5", m => new RespondsTo(And(m), RedAboveBlue, 0.5))
            .Mutant(WrongLayer, (c, m) => c with { Subject = m.Edge(AndUnit) })
            .Mutant(WrongStimulus, c => c with { Stimuli = BlueAboveRed })
            .Breaks("curves", AndUnit, Negated, Zeroed, SourcesPermuted, Flipped);

        yield return GroundTruthClaim.Of("Neither red nor blue alone drives curves:8 above 0.05 (it needs both, red on top)",
                m => new NotDrivenAbove(And(m), redOrBlue, 0.05))
            .Mutant(WrongStimulus, c => c with { Stimuli = RedAboveBlue });

        yield return GroundTruthClaim.Of("Ablating red (edges:12) removes at least 90 % of curves:8's response to red above blue",
                m => new ReducesResponse(m.Edge(Red).Ablated(), And(m), RedAboveBlue, ByAtLeast: 0.9))
            .Mutant(WrongSource, (c, m) => c with { Lesion = m.Edge(Green).Ablated() })
            .Breaks("curves", AndUnit, Negated, Zeroed);

        yield return GroundTruthClaim.Of("Ablating the twelve edge detectors does not change curves:8's response to red above blue",
                m => new LeavesResponse(new Family("edge detectors", Edges(m, Enumerable.Range(0, EdgeUnits))).Ablated(), And(m), RedAboveBlue, ByMoreThan: 0.1))
            .Mutant(ControlNegated, c => new ReducesResponse(c.Lesion, c.Target, c.On, ByAtLeast: 0.5));
    }

    private static IEnumerable<VisionTruth> PolysemanticClaims()
    {
        Unit Poly(Network m) => m.Curve(PolysemanticUnit);

        yield return GroundTruthClaim.Of("curves:9 responds to green with a mean of at least 0.5", m => new RespondsTo(Poly(m), Patches(GreenHue), 0.5))
            .Mutant(WrongLayer, (c, m) => c with { Subject = m.Edge(PolysemanticUnit) })
            .Mutant(WrongStimulus, c => c with { Stimuli = Patches(RedHue) })
            .Breaks("curves", PolysemanticUnit, Negated, Zeroed, SourcesPermuted);

        yield return GroundTruthClaim.Of("curves:9 also responds to arcs facing 90° with a mean of at least 0.5", m => new RespondsTo(Poly(m), ArcsFacing(90), 0.5))
            .Mutant(MovedBy90, c => c with { Stimuli = ArcsFacing(180) })
            .Mutant(WrongLayer, (c, m) => c with { Subject = m.Edge(PolysemanticUnit) })
            .Breaks("curves", PolysemanticUnit, Negated, Zeroed, SourcesPermuted);

        yield return GroundTruthClaim.Of("Neither red nor blue drives curves:9 above 0.05",
                m => new NotDrivenAbove(Poly(m), Patches(RedHue).Concat(Patches(BlueHue)), 0.05))
            .Mutant(WrongStimulus, c => c with { Stimuli = Patches(GreenHue) });
    }
}
