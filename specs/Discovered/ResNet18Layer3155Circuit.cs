// Written by `circuitspec discover resnet18 layer3:155 --from layer2 --ablation Mean --scoring AttributionPatching`; review before committing.
// Found by AttributionPatching; mean ablation: recovers 0.742 (95 % CI 0.656–0.811) of layer3:155 (full 3.193, circuit 2.371, every edge ablated 0); random circuits of the same size 0.068.
using CircuitSpec.Circuits;
using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Models.Zoo;

namespace CircuitSpec.Specs.Discovered;

public sealed class Discovered_layer3_155_from_layer2
{
    [Fact]
    public void layer3_155_from_layer2_is_explained_by_30_edges()
    {
        using var model = ModelZoo.Load("resnet18");
        var target = model.Unit("layer3:155");
        var stimuli = DiscoveryStimuli.Strongest(model, target);
        var circuit = new Circuit("layer3:155 from layer2")
            .Excites(model.Unit("layer2:110"), target) // net weight +1.0331, contribution +0.4412
            .Inhibits(model.Unit("layer2:117"), target) // net weight -1.0278, contribution +0.4333
            .Excites(model.Unit("layer2:76"), target) // net weight +0.9627, contribution +0.4224
            .Inhibits(model.Unit("layer2:82"), target) // net weight -0.6017, contribution +0.3581
            .Excites(model.Unit("layer2:83"), target) // net weight +0.5099, contribution +0.3487
            .Inhibits(model.Unit("layer2:74"), target) // net weight -0.0839, contribution +0.3355
            .Excites(model.Unit("layer2:54"), target) // net weight +0.3399, contribution +0.3051
            .Inhibits(model.Unit("layer2:19"), target) // net weight -1.0603, contribution -0.2673
            .Inhibits(model.Unit("layer2:105"), target) // net weight -3.336, contribution -0.2519
            .Inhibits(model.Unit("layer2:109"), target) // net weight -3.9042, contribution +0.2307
            .Excites(model.Unit("layer2:17"), target) // net weight +3.4064, contribution +0.2205
            .Inhibits(model.Unit("layer2:108"), target) // net weight -0.3864, contribution +0.2123
            .Inhibits(model.Unit("layer2:34"), target) // net weight -0.9857, contribution +0.1965
            .Excites(model.Unit("layer2:120"), target) // net weight +1.2648, contribution -0.1881
            .Inhibits(model.Unit("layer2:47"), target) // net weight -0.871, contribution -0.1737
            .Inhibits(model.Unit("layer2:111"), target) // net weight -0.5655, contribution -0.1674
            .Inhibits(model.Unit("layer2:68"), target) // net weight -1.6108, contribution +0.165
            .Inhibits(model.Unit("layer2:71"), target) // net weight -0.606, contribution +0.1591
            .Inhibits(model.Unit("layer2:56"), target) // net weight -0.3686, contribution +0.1549
            .Excites(model.Unit("layer2:84"), target) // net weight +0.4288, contribution +0.1441
            .Inhibits(model.Unit("layer2:70"), target) // net weight -1.1054, contribution +0.1074
            .Inhibits(model.Unit("layer2:51"), target) // net weight -0.933, contribution -0.1064
            .Inhibits(model.Unit("layer2:79"), target) // net weight -0.7641, contribution +0.0958
            .Inhibits(model.Unit("layer2:103"), target) // net weight -3.4329, contribution +0.0948
            .Excites(model.Unit("layer2:60"), target) // net weight +2.9123, contribution -0.0918
            .Excites(model.Unit("layer2:44"), target) // net weight +1.2433, contribution -0.0878
            .Inhibits(model.Unit("layer2:14"), target) // net weight -3.0127, contribution -0.0808
            .Excites(model.Unit("layer2:15"), target) // net weight +0.1039, contribution +0.0793
            .Inhibits(model.Unit("layer2:106"), target) // net weight -4.8831, contribution +0.0746
            .Excites(model.Unit("layer2:115"), target) // net weight +3.2258, contribution +0.0699
            ;
        circuit.Should().Hold()
            .And.BeFaithful(stimuli, minRecovered: 0.69, ablations: [EdgeAblation.Mean], controls: 2)
            .And.BeComplete(stimuli, maxLeft: 0.39, ablations: [EdgeAblation.Mean], subsets: 2);
    }
}
