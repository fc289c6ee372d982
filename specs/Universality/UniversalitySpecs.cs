using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Specs.Support;
using static CircuitSpec.Specs.Support.ImageNetStimuli;

namespace CircuitSpec.Specs.Universality;

/// <summary>
/// Universality ("Zoom In", claim 3): analogous features form in different networks. Two ImageNet models with
/// different architectures and training runs — ResNet-18 and Tiny Darknet — each have a unit that matches the other's.
/// </summary>
[Collection(nameof(ImageNetSpecs))]
public sealed class UniversalitySpecs(ImageNetModels models)
{
    [Fact]
    public void ResNet18s_edge_detector_relu_39_has_an_analogue_among_Tiny_Darknets_second_layer_units() =>
        models.ResNet18.Unit("relu:39").Should().HaveAnalogueIn(models.TinyDarknet, "leaky_re_lu_2", EdgesAround, minCorrelation: 0.85,
            because: "both networks learn an edge detector for edges at about 0° (measured: leaky_re_lu_2:19, r = 0.91, shuffled baseline 0.40)");

    [Fact]
    public void ResNet18s_curve_detector_layer2_89_has_an_analogue_in_Tiny_Darknets_leaky_re_lu_8() =>
        models.ResNet18.Unit("layer2:89").Should().HaveAnalogueIn(models.TinyDarknet, "leaky_re_lu_8", ArcsAround, minCorrelation: 0.9,
            because: "both learn a curve detector for arcs facing about 214° (measured: leaky_re_lu_8:81, r = 0.95, shuffled baseline 0.57)");

    [Fact]
    public void ResNet18s_red_cyan_detector_layer1_50_has_an_analogue_in_Tiny_Darknets_second_layer() =>
        models.ResNet18.Unit("layer1:50").Should().HaveAnalogueIn(models.TinyDarknet, "leaky_re_lu_2", ColourEdgesAround(Red, Cyan).Concat(EdgesAround),
            minCorrelation: 0.8, because: "colour-contrast units form in both networks");
}
