using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Interventions;
using CircuitSpec.Measurements;
using CircuitSpec.Networks;
using CircuitSpec.Weights;

namespace CircuitSpec.Specs.InceptionV1;

/// <summary>
/// The Circuits thread's published claims about Lucid's InceptionV1, with Lucid's unit ids. They hold only for the
/// weights the articles studied (Lucid's InceptionV1), not for BVLC GoogLeNet, whose own findings are the other specs
/// of this folder; <see cref="PublishedClaimsSpecs"/> runs them when those weights are configured.
/// </summary>
public static class PublishedClaims
{
    public static readonly long[] CurveFamily = [379, 406, 385, 343, 342, 388, 340, 330, 349, 324];
    public static readonly long[] EarlyCurves = [81, 104, 92, 145, 95, 163, 171, 71, 147, 189, 137];
    public static readonly long[] CircleUnits = [389, 384, 346, 323];
    public static readonly long[] HighLowFrequency = [110, 180, 153, 106, 112, 186, 132, 136, 117, 113, 108, 70, 86, 88, 160];

    public static IReadOnlyDictionary<string, Action<Network>> All { get; } = new Dictionary<string, Action<Network>>
    {
        ["The ten mixed3b curve detectors are sharply tuned to curve orientation"] = m =>
            m.Family("curve detectors", "mixed3b", CurveFamily).Should()
                .ContainTunedUnits(atLeast: 10, Stimuli.Curves(), "orientation", maxHalfWidth: 60, period: 360, because: "Curve Detectors, Cammarata et al. 2020"),

        ["No mixed3b curve detector has an echo half a turn from its preferred orientation"] = m =>
        {
            foreach (var unit in m.Family("curve detectors", "mixed3b", CurveFamily))
                unit.Should().HaveNoEcho(Stimuli.Curves(), because: "curve detectors, unlike line detectors, tell an arc from its half-turn");
        },

        ["Each mixed3b curve detector is excited by the early curve of the most similar orientation and inhibited by the most opposite one"] = m =>
            EarlyCurveCircuit(m).Should().Hold(because: "Curve Circuits, Cammarata et al. 2021: similar orientations excite, opposite ones inhibit"),

        ["The mixed3b circle and loop units prefer circles to any of their arcs"] = m =>
        {
            foreach (var unit in m.Family("circles", "mixed3b", CircleUnits))
                unit.Should().PreferOver(Stimuli.Circles(), Stimuli.Arcs(), minRatio: 1.5, because: "Zoom In: a circle detector is assembled from curves around it");
        },

        ["Ablating the early curves reduces the circle units' response to circles"] = m =>
        {
            foreach (var unit in m.Family("circles", "mixed3b", CircleUnits))
                m.Family("early curves", "mixed3a", EarlyCurves).Zeroed().Should().ReduceResponseOf(unit, on: Stimuli.Circles(), byAtLeast: 0.2,
                    because: "the circle units are built from curves");
        },

        ["The mixed3a high-low frequency detectors prefer a boundary between fine and coarse texture to either texture"] = m =>
        {
            foreach (var unit in m.Family("high-low frequency", "mixed3a", HighLowFrequency))
                unit.Should().PreferOver(Stimuli.FrequencyBoundaries(), Stimuli.UniformGratings(), minRatio: 1.5, because: "High-Low Frequency Detectors, Schubert et al. 2021");
        },

        ["The car detector 4c:447 is excited by windows (4b:237) at the top of its kernel"] = m =>
            m.Unit("mixed4c:447").Should().ReceiveWeightFrom(m.Unit("mixed4b:237")).At(KernelRegion.Top, because: "Zoom In, figure on the car circuit"),

        ["The car detector 4c:447 is excited by wheels (4b:373) at the bottom of its kernel"] = m =>
            m.Unit("mixed4c:447").Should().ReceiveWeightFrom(m.Unit("mixed4b:373")).At(KernelRegion.Bottom, because: "Zoom In, figure on the car circuit"),
    };

    /// <summary>For each curve detector: an edge from the early curve nearest its orientation (+) and the most opposite one (−), orientations measured with arcs.</summary>
    private static Circuit EarlyCurveCircuit(Network m)
    {
        var early = m.Family("early curves", "mixed3a", EarlyCurves);
        var preferred = m.Responses(Stimuli.Curves(), [.. early]).Select(r => TuningCurve.OverOrientation(r).Preferred).ToList();
        var circuit = new Circuit("early curves → mixed3b curves");
        foreach (var target in m.Family("curve detectors", "mixed3b", CurveFamily))
        {
            var orientation = TuningCurve.OverOrientation(m.Responses(Stimuli.Curves(), target)).Preferred;
            var distances = preferred.Select(p => Circular.Distance(p, orientation, 360)).ToList();
            circuit.Excites(early[distances.IndexOf(distances.Min())], target);
            circuit.Inhibits(early[distances.IndexOf(distances.Max())], target);
        }
        return circuit;
    }
}
