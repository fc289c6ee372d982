// Written by `circuitspec discover planted circles_relu:0 --from curves_relu --ablation Mean --scoring AttributionPatching`; review before committing.
// Found by AttributionPatching; mean ablation: recovers 0.845 (95 % CI 0.644–0.865) of circles_relu:0 (full 0.7818, circuit 0.6603, every edge ablated 0); random circuits of the same size 0.592.
using CircuitSpec.Circuits;
using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Models.Zoo;

namespace CircuitSpec.Specs.Discovered;

public sealed class Discovered_circles_relu_0_from_curves_relu
{
    [Fact]
    public void circles_relu_0_from_curves_relu_is_explained_by_7_edges()
    {
        using var model = ModelZoo.Load("planted");
        var target = model.Unit("circles_relu:0");
        var stimuli = DiscoveryStimuli.Strongest(model, target);
        var circuit = new Circuit("circles_relu:0 from curves_relu")
            .Excites(model.Unit("curves_relu:0"), target) // net weight +1, contribution +0.1299
            .Excites(model.Unit("curves_relu:2"), target) // net weight +1, contribution +0.1299
            .Excites(model.Unit("curves_relu:4"), target) // net weight +1, contribution +0.1299
            .Excites(model.Unit("curves_relu:6"), target) // net weight +1, contribution +0.1299
            .Excites(model.Unit("curves_relu:1"), target) // net weight +1, contribution +0.1214
            .Excites(model.Unit("curves_relu:3"), target) // net weight +1, contribution +0.1214
            .Excites(model.Unit("curves_relu:5"), target) // net weight +1, contribution +0.1214
            ;
        circuit.Should().Hold()
            .And.BeFaithful(stimuli, minRecovered: 0.79, ablations: [EdgeAblation.Mean], controls: 2)
            .And.BeComplete(stimuli, maxLeft: 0.21, ablations: [EdgeAblation.Mean], subsets: 2);
    }
}
