// Written by `circuitspec discover inceptionv1 mixed3b:413 --from mixed3a --ablation Mean --scoring AttributionPatching`; review before committing.
// Found by AttributionPatching; mean ablation: recovers 0.842 (95 % CI 0.766–0.998) of mixed3b:413 (full 46.68, circuit 39.29, every edge ablated 0); random circuits of the same size 0.011.
using CircuitSpec.Circuits;
using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Models.Zoo;

namespace CircuitSpec.Specs.Discovered;

public sealed class Discovered_mixed3b_413_from_mixed3a
{
    [Fact]
    public void mixed3b_413_from_mixed3a_is_explained_by_30_edges()
    {
        using var model = ModelZoo.Load("inceptionv1");
        var target = model.Unit("mixed3b:413");
        var stimuli = DiscoveryStimuli.Strongest(model, target);
        var circuit = new Circuit("mixed3b:413 from mixed3a")
            .Inhibits(model.Unit("mixed3a:20"), target) // net weight -0.0619, contribution +10.4176
            .Excites(model.Unit("mixed3a:3"), target) // net weight +0.0732, contribution +8.9674
            .Excites(model.Unit("mixed3a:131"), target) // net weight +0.1489, contribution +7.196
            .Excites(model.Unit("mixed3a:92"), target) // net weight +0.4193, contribution -4.7248
            .Excites(model.Unit("mixed3a:65"), target) // net weight +0.1002, contribution +3.7298
            .Inhibits(model.Unit("mixed3a:58"), target) // net weight -0.1498, contribution +3.0251
            .Excites(model.Unit("mixed3a:171"), target) // net weight +0.1407, contribution +2.7719
            .Inhibits(model.Unit("mixed3a:25"), target) // net weight -0.142, contribution +2.7367
            .Excites(model.Unit("mixed3a:110"), target) // net weight +0.1561, contribution +2.3538
            .Inhibits(model.Unit("mixed3a:117"), target) // net weight -0.1782, contribution -2.242
            .Excites(model.Unit("mixed3a:237"), target) // net weight +0.0637, contribution +2.1001
            .Excites(model.Unit("mixed3a:167"), target) // net weight +0.0371, contribution -2.0426
            .Excites(model.Unit("mixed3a:240"), target) // net weight +0.0887, contribution +2.0218
            .Inhibits(model.Unit("mixed3a:139"), target) // net weight -0.2372, contribution +2.0124
            .Inhibits(model.Unit("mixed3a:153"), target) // net weight -0.0169, contribution +2.0088
            .Excites(model.Unit("mixed3a:17"), target) // net weight +0.4165, contribution -1.8084
            .Inhibits(model.Unit("mixed3a:13"), target) // net weight -0.0501, contribution +1.7417
            .Excites(model.Unit("mixed3a:75"), target) // net weight +0.0607, contribution +1.6573
            .Inhibits(model.Unit("mixed3a:84"), target) // net weight -0.154, contribution +1.6539
            .Excites(model.Unit("mixed3a:55"), target) // net weight +0.1623, contribution +1.6303
            .Excites(model.Unit("mixed3a:242"), target) // net weight +0.0426, contribution +1.6265
            .Inhibits(model.Unit("mixed3a:187"), target) // net weight -0.0498, contribution +1.5957
            .Inhibits(model.Unit("mixed3a:220"), target) // net weight -0.058, contribution +1.5876
            .Inhibits(model.Unit("mixed3a:182"), target) // net weight -0.0651, contribution +1.5263
            .Excites(model.Unit("mixed3a:99"), target) // net weight +0.0193, contribution +1.4871
            .Inhibits(model.Unit("mixed3a:68"), target) // net weight -0.0026, contribution +1.4632
            .Excites(model.Unit("mixed3a:238"), target) // net weight +0.1977, contribution -1.4323
            .Excites(model.Unit("mixed3a:147"), target) // net weight +0.0735, contribution +1.1958
            .Inhibits(model.Unit("mixed3a:141"), target) // net weight -0.0045, contribution +1.1573
            .Excites(model.Unit("mixed3a:105"), target) // net weight +0.2369, contribution +1.1059
            ;
        circuit.Should().Hold()
            .And.BeFaithful(stimuli, minRecovered: 0.79, ablations: [EdgeAblation.Mean], controls: 2)
            .And.BeComplete(stimuli, maxLeft: 0.25, ablations: [EdgeAblation.Mean], subsets: 2);
    }
}
