using CircuitSpec.Circuits;
using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Measurements;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;
using CircuitSpec.Stimuli;
using CircuitSpec.Weights;
using static CircuitSpec.Models.Planted.MutationKind;
using static CircuitSpec.Models.Planted.PlantedCircuit;
using static CircuitSpec.Models.Planted.PlantedStimuli;

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

    public static IReadOnlyList<GroundTruthClaim> All { get; } = [.. EdgeClaims(), .. CurveClaims(), .. CircleClaims(), .. CircuitClaims(), .. AndClaims(), .. PolysemanticClaims()];

    private static Unit[] Edges(Network m, IEnumerable<int> units) => units.Select(m.Edge).ToArray();
    private static double Turn(double degrees) => Circular.Wrap(degrees, 360);
    private static string Deg(double degrees) => $"{Turn(degrees):0}°";

    private static IEnumerable<GroundTruthClaim> EdgeClaims()
    {
        foreach (var k in new[] { 0, 3, 6, 9 })
        {
            var preferred = Turn(EdgeDirection(k) - 90);
            var claim = new GroundTruthClaim($"edges:{k} is tuned to edges at {Deg(preferred)} (± 15°)",
                    m => m.Edge(k).Should().BeTunedTo(EdgesAround, "orientation", preferred, 15, 360))
                .Mutant(MovedBy90, $"edges:{k} is tuned to edges at {Deg(preferred + 90)}",
                    m => m.Edge(k).Should().BeTunedTo(EdgesAround, "orientation", Turn(preferred + 90), 15, 360))
                .Mutant(WrongLayer, $"circles:0 is tuned to edges at {Deg(preferred)}",
                    m => m.CircleDetector().Should().BeTunedTo(EdgesAround, "orientation", preferred, 15, 360))
                .Breaks("edges", k, Negated, Zeroed);
            // Turning the kernel upside down mirrors a vertical direction only.
            if (k is 3 or 9) claim.Breaks("edges", k, Flipped);
            yield return claim;
        }
    }

    private static IEnumerable<GroundTruthClaim> CurveClaims()
    {
        for (var j = 0; j < CurveUnits; j++)
        {
            var unit = j;
            var theta = CurveOrientation(j);
            var along = EdgesNear(theta);
            var opposite = EdgesNear(theta + 180);

            yield return new GroundTruthClaim($"curves:{j} is tuned to arcs facing {Deg(theta)} (± 15°)",
                    m => m.Curve(unit).Should().BeTunedTo(ArcsAround, "orientation", theta, 15, 360))
                .Mutant(MovedBy90, $"curves:{j} is tuned to arcs facing {Deg(theta + 90)}",
                    m => m.Curve(unit).Should().BeTunedTo(ArcsAround, "orientation", Turn(theta + 90), 15, 360))
                .Breaks("curves", j, Negated, Zeroed, SourcesPermuted);

            yield return new GroundTruthClaim($"curves:{j} prefers its arcs to straight lines by at least 3×",
                    m => m.Curve(unit).Should().PreferOver(ArcsFacing(theta), Lines, 3))
                .Mutant(PreferenceReversed, $"curves:{j} prefers straight lines to its arcs by at least 3×",
                    m => m.Curve(unit).Should().PreferOver(Lines, ArcsFacing(theta), 3))
                .Breaks("curves", j, Negated, Zeroed, SourcesPermuted);

            yield return new GroundTruthClaim($"curves:{j} has no echo: arcs facing {Deg(theta + 180)} drive it below half its peak",
                    m => m.Curve(unit).Should().HaveNoEcho(ArcsAround))
                .Mutant(EchoClaimed, $"curves:{j} has an echo at {Deg(theta + 180)}", m => m.Curve(unit).Should().HaveEcho(ArcsAround))
                // Negated, it becomes a detector of the opposite arcs, which has no echo either: only silence breaks this claim.
                .Breaks("curves", j, Zeroed);

            yield return new GroundTruthClaim($"curves:{j} is excited by the edge detectors along its arc (edges:{string.Join(", ", along)})",
                    m => m.Curve(unit).Should().BeExcitedBy(Edges(m, along)))
                .Mutant(SignFlipped, $"curves:{j} is inhibited by edges:{string.Join(", ", along)}", m => m.Curve(unit).Should().BeInhibitedBy(Edges(m, along)))
                .Mutant(WrongSource, $"curves:{j} is excited by the opposite edges:{string.Join(", ", opposite)}",
                    m => m.Curve(unit).Should().BeExcitedBy(Edges(m, opposite)))
                .Breaks("curves", j, Negated, Zeroed, SourcesPermuted);

            yield return new GroundTruthClaim($"curves:{j} is inhibited by the edge detectors of the opposite arc (edges:{string.Join(", ", opposite)})",
                    m => m.Curve(unit).Should().BeInhibitedBy(Edges(m, opposite)))
                .Mutant(SignFlipped, $"curves:{j} is excited by edges:{string.Join(", ", opposite)}", m => m.Curve(unit).Should().BeExcitedBy(Edges(m, opposite)))
                .Mutant(WrongSource, $"curves:{j} is inhibited by the edges along its own arc (edges:{string.Join(", ", along)})",
                    m => m.Curve(unit).Should().BeInhibitedBy(Edges(m, along)))
                .Breaks("curves", j, Negated, Zeroed, SourcesPermuted);

            // The ends of a 120° arc: for the four axis-aligned detectors, clearly on one side of the kernel.
            if (j % 2 != 0) continue;
            foreach (var end in new[] { +60, -60 })
            {
                var edge = EdgesNear(theta + end, 0).Single();
                var region = RegionOf(theta + end, theta);
                var claim = new GroundTruthClaim($"curves:{j} receives edges:{edge} (the arc's normal at {Deg(theta + end)}) at the {Name(region)} of its kernel",
                        m => m.Curve(unit).Should().ReceiveWeightFrom(m.Edge(edge)).At(region))
                    .Mutant(WrongRegion, $"curves:{j} receives edges:{edge} at the {Name(Opposite(region))} of its kernel",
                        m => m.Curve(unit).Should().ReceiveWeightFrom(m.Edge(edge)).At(Opposite(region)))
                    // Not negation: the opposite arc's inhibition from the same edge unit then turns positive on the same side.
                    .Breaks("curves", j, Zeroed, SourcesPermuted);
                if (region is KernelRegion.Top or KernelRegion.Bottom) claim.Breaks("curves", j, Flipped);
                yield return claim;
            }
        }

        yield return new GroundTruthClaim("The eight curve detectors tile every orientation with no gap over 60°",
                m => m.CurveFamily().Should().TileTheCircle(ArcsAround, 60))
            .Breaks("curves", 2, Negated, Zeroed);

        yield return new GroundTruthClaim("Every arc facing 80–100° with radius 11–13 drives curves:2 above 0.15",
                m => m.Curve(2).Should().RespondAbove(0.15, StimulusSpace.Curves((80, 100), (11, 13)), tests: 40))
            .Mutant(MovedBy90, "Every arc facing 170–190° drives curves:2 above 0.15",
                m => m.Curve(2).Should().RespondAbove(0.15, StimulusSpace.Curves((170, 190), (11, 13)), tests: 40))
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

    private static IEnumerable<GroundTruthClaim> CircleClaims()
    {
        yield return new GroundTruthClaim("circles:0 is excited by every curve detector",
                m => m.CircleDetector().Should().BeExcitedBy(m.CurveFamily()))
            .Mutant(SignFlipped, "circles:0 is inhibited by every curve detector", m => m.CircleDetector().Should().BeInhibitedBy(m.CurveFamily()))
            .Mutant(WrongSource, "circles:0 is excited by the AND and polysemantic units (curves:8, 9)",
                m => m.CircleDetector().Should().BeExcitedBy([m.Curve(AndUnit), m.Curve(PolysemanticUnit)]))
            .Breaks("circles", CircleUnit, Negated, Zeroed);

        foreach (var j in new[] { 0, 2, 4, 6 })
        {
            var unit = j;
            // A ring's arc facing θ lies at the ring's centre + radius·(cos θ, sin θ): there the circle detector reads that curve detector.
            var region = RegionToward(CurveOrientation(j));
            var claim = new GroundTruthClaim($"circles:0 receives curves:{j} (facing {Deg(CurveOrientation(j))}) at the {Name(region)} of its kernel",
                    m => m.CircleDetector().Should().ReceiveWeightFrom(m.Curve(unit)).At(region))
                .Mutant(WrongRegion, $"circles:0 receives curves:{j} at the {Name(Opposite(region))} of its kernel",
                    m => m.CircleDetector().Should().ReceiveWeightFrom(m.Curve(unit)).At(Opposite(region)))
                .Breaks("circles", CircleUnit, Negated, Zeroed, SourcesPermuted);
            if (region is KernelRegion.Top or KernelRegion.Bottom) claim.Breaks("circles", CircleUnit, Flipped);
            yield return claim;
        }

        yield return new GroundTruthClaim("circles:0 responds to rings of radius 12 with a mean of at least 5",
                m => m.CircleDetector().Should().RespondTo(Rings, 5))
            .Mutant(WrongLayer, "edges:0 responds to rings of radius 12 with a mean of at least 5", m => m.Edge(0).Should().RespondTo(Rings, 5))
            .Mutant(WrongStimulus, "circles:0 responds to single arcs with a mean of at least 5", m => m.CircleDetector().Should().RespondTo(ArcsAround, 5))
            .Breaks("circles", CircleUnit, Negated, Zeroed, SourcesPermuted, Flipped);

        yield return new GroundTruthClaim("circles:0 prefers rings to any of their arcs by at least 5×",
                m => m.CircleDetector().Should().PreferOver(Rings, ArcsAround, 5))
            .Mutant(PreferenceReversed, "circles:0 prefers single arcs to rings", m => m.CircleDetector().Should().PreferOver(ArcsAround, Rings, 5))
            // Not flipping: the left and right curve detectors keep their places, and a ring still beats any arc.
            .Breaks("circles", CircleUnit, Negated, Zeroed, SourcesPermuted);

        yield return new GroundTruthClaim("circles:0 is tuned to rings of radius 12 (± 1)",
                m => m.CircleDetector().Should().BeTunedTo(RingsOfEverySize, "radius", 12, 1))
            .Mutant(ValueMoved, "circles:0 is tuned to rings of radius 18", m => m.CircleDetector().Should().BeTunedTo(RingsOfEverySize, "radius", 18, 1))
            .Breaks("circles", CircleUnit, Negated, Zeroed);

        yield return new GroundTruthClaim("Ablating the eight curve detectors removes at least 90 % of circles:0's response to rings",
                m => m.CurveFamily().Zeroed().Should().ReduceResponseOf(m.CircleDetector(), Rings, byAtLeast: 0.9))
            .Mutant(WrongSource, "Ablating the colour units (edges:12–14) removes at least 90 % of it",
                m => new Family("colours", Edges(m, [Red, Green, Blue])).Zeroed().Should().ReduceResponseOf(m.CircleDetector(), Rings, byAtLeast: 0.9))
            .Breaks("circles", CircleUnit, Negated, Zeroed);

        yield return new GroundTruthClaim("Ablating the AND and polysemantic units (curves:8, 9) does not change circles:0's response to rings",
                m => new Family("AND and polysemantic", [m.Curve(AndUnit), m.Curve(PolysemanticUnit)]).Zeroed().Should()
                    .NotChangeResponseOf(m.CircleDetector(), Rings, byMoreThan: 0.1))
            .Mutant(ControlNegated, "Ablating curves:8 and 9 halves circles:0's response to rings",
                m => new Family("AND and polysemantic", [m.Curve(AndUnit), m.Curve(PolysemanticUnit)]).Zeroed().Should()
                    .ReduceResponseOf(m.CircleDetector(), Rings, byAtLeast: 0.5));

        yield return new GroundTruthClaim("Edges → curves → circle: each axis-aligned curve detector is excited by the edge along its midpoint, " +
                                          "inhibited by the opposite arc's edges, and excites the circle detector",
                m => Circuit(m, flipFirst: false).Should().Hold())
            .Mutant(SignFlipped, "the same circuit with curves:0 inhibited by the edge along its midpoint", m => Circuit(m, flipFirst: true).Should().Hold())
            .Breaks("curves", 0, Negated, SourcesPermuted)
            .Breaks("circles", CircleUnit, Negated, Zeroed);
    }

    private static Circuit CurvesToCircle(Network m, string name, IEnumerable<int> curves) =>
        curves.Aggregate(new Circuit(name), (circuit, j) => circuit.Excites(m.Curve(j), m.CircleDetector()));

    private static IEnumerable<GroundTruthClaim> CircuitClaims()
    {
        var curves = Enumerable.Range(0, CurveUnits).ToArray();
        yield return new GroundTruthClaim("The eight curve detectors explain circles:0's response to rings: they recover 0.95–1.05 of it under zero, " +
                                          "mean and resample ablation, and (mean ablation) circuit and model lose alike what any subset of them carries, within 5 %",
                m => CurvesToCircle(m, "curves → circle", curves).Should().BeFaithful(Rings, minRecovered: 0.95, controls: 2)
                    .And.BeComplete(Rings, maxLeft: 0.05, ablations: [EdgeAblation.Mean], subsets: 2))
            .Mutant(CircuitMissingEdges, "curves:0–3 alone explain it (0.95–1.05 recovered)",
                m => CurvesToCircle(m, "curves 0–3 → circle", [0, 1, 2, 3]).Should().BeFaithful(Rings, minRecovered: 0.95, controls: 0))
            .Mutant(WrongSource, "the AND and polysemantic units (curves:8, 9) explain it",
                m => CurvesToCircle(m, "curves 8, 9 → circle", [AndUnit, PolysemanticUnit]).Should().BeFaithful(Rings, minRecovered: 0.95, controls: 0))
            .Breaks("circles", CircleUnit, Negated, Zeroed);

        yield return new GroundTruthClaim("The curves → circle circuit is minimal: leaving out any curve detector costs at least 2 % of what it recovers",
                m => CurvesToCircle(m, "curves → circle", curves).Should().BeMinimal(Rings, minDrop: 0.02, ablations: [EdgeAblation.Mean]))
            .Mutant(RedundantEdge, "with the AND unit's edge added, it is still minimal",
                m => CurvesToCircle(m, "curves and AND → circle", [.. curves, AndUnit]).Should().BeMinimal(Rings, minDrop: 0.02, ablations: [EdgeAblation.Mean]))
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

    private static IEnumerable<GroundTruthClaim> AndClaims()
    {
        Unit And(Network m) => m.Curve(AndUnit);
        var redOrBlue = Patches(RedHue).Concat(Patches(BlueHue));

        yield return new GroundTruthClaim("curves:8 receives red (edges:12) at the top of its kernel",
                m => And(m).Should().ReceiveWeightFrom(m.Edge(Red)).At(KernelRegion.Top))
            .Mutant(WrongRegion, "curves:8 receives red at the bottom of its kernel", m => And(m).Should().ReceiveWeightFrom(m.Edge(Red)).At(KernelRegion.Bottom))
            .Breaks("curves", AndUnit, Negated, Zeroed, SourcesPermuted, Flipped);

        yield return new GroundTruthClaim("curves:8 receives blue (edges:14) at the bottom of its kernel",
                m => And(m).Should().ReceiveWeightFrom(m.Edge(Blue)).At(KernelRegion.Bottom))
            .Mutant(WrongRegion, "curves:8 receives blue at the top of its kernel", m => And(m).Should().ReceiveWeightFrom(m.Edge(Blue)).At(KernelRegion.Top))
            .Breaks("curves", AndUnit, Negated, Zeroed, SourcesPermuted, Flipped);

        yield return new GroundTruthClaim("curves:8 responds to red above blue with a mean of at least 0.5",
                m => And(m).Should().RespondTo(RedAboveBlue, 0.5))
            .Mutant(WrongLayer, "edges:8 responds to red above blue", m => m.Edge(AndUnit).Should().RespondTo(RedAboveBlue, 0.5))
            .Mutant(WrongStimulus, "curves:8 responds to blue above red", m => And(m).Should().RespondTo(BlueAboveRed, 0.5))
            .Breaks("curves", AndUnit, Negated, Zeroed, SourcesPermuted, Flipped);

        yield return new GroundTruthClaim("Neither red nor blue alone drives curves:8 above 0.05 (it needs both, red on top)",
                m => And(m).Should().NotRespondTo(redOrBlue, 0.05))
            .Mutant(WrongStimulus, "red above blue does not drive curves:8 above 0.05", m => And(m).Should().NotRespondTo(RedAboveBlue, 0.05));

        yield return new GroundTruthClaim("Ablating red (edges:12) removes at least 90 % of curves:8's response to red above blue",
                m => m.Edge(Red).Zeroed().Should().ReduceResponseOf(And(m), RedAboveBlue, byAtLeast: 0.9))
            .Mutant(WrongSource, "Ablating green (edges:13) removes at least 90 % of it",
                m => m.Edge(Green).Zeroed().Should().ReduceResponseOf(And(m), RedAboveBlue, byAtLeast: 0.9))
            .Breaks("curves", AndUnit, Negated, Zeroed);

        yield return new GroundTruthClaim("Ablating the twelve edge detectors does not change curves:8's response to red above blue",
                m => new Family("edge detectors", Edges(m, Enumerable.Range(0, EdgeUnits))).Zeroed().Should()
                    .NotChangeResponseOf(And(m), RedAboveBlue, byMoreThan: 0.1))
            .Mutant(ControlNegated, "Ablating the twelve edge detectors halves curves:8's response to red above blue",
                m => new Family("edge detectors", Edges(m, Enumerable.Range(0, EdgeUnits))).Zeroed().Should()
                    .ReduceResponseOf(And(m), RedAboveBlue, byAtLeast: 0.5));
    }

    private static IEnumerable<GroundTruthClaim> PolysemanticClaims()
    {
        Unit Poly(Network m) => m.Curve(PolysemanticUnit);

        yield return new GroundTruthClaim("curves:9 responds to green with a mean of at least 0.5",
                m => Poly(m).Should().RespondTo(Patches(GreenHue), 0.5))
            .Mutant(WrongLayer, "edges:9 responds to green", m => m.Edge(PolysemanticUnit).Should().RespondTo(Patches(GreenHue), 0.5))
            .Mutant(WrongStimulus, "curves:9 responds to red", m => Poly(m).Should().RespondTo(Patches(RedHue), 0.5))
            .Breaks("curves", PolysemanticUnit, Negated, Zeroed, SourcesPermuted);

        yield return new GroundTruthClaim("curves:9 also responds to arcs facing 90° with a mean of at least 0.5",
                m => Poly(m).Should().RespondTo(ArcsFacing(90), 0.5))
            .Mutant(MovedBy90, "curves:9 responds to arcs facing 180°", m => Poly(m).Should().RespondTo(ArcsFacing(180), 0.5))
            .Mutant(WrongLayer, "edges:9 responds to arcs facing 90°", m => m.Edge(PolysemanticUnit).Should().RespondTo(ArcsFacing(90), 0.5))
            .Breaks("curves", PolysemanticUnit, Negated, Zeroed, SourcesPermuted);

        yield return new GroundTruthClaim("Neither red nor blue drives curves:9 above 0.05",
                m => Poly(m).Should().NotRespondTo(Patches(RedHue).Concat(Patches(BlueHue)), 0.05))
            .Mutant(WrongStimulus, "green does not drive curves:9 above 0.05", m => Poly(m).Should().NotRespondTo(Patches(GreenHue), 0.05));
    }
}
