using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Pictures;
using CircuitSpec.Snapshots;
using CircuitSpec.Stimuli;

namespace CircuitSpecSpecs;

/// <summary>Claims about the model, each reading like the sentence it tests. Replace these with your own.</summary>
public sealed class ExampleClaims(ModelFixture fixture) : IClassFixture<ModelFixture>
{
    private Unit Unit => fixture.Model.Unit("UNIT_ADDRESS");

    [Fact]
    public void The_unit_is_an_oriented_edge_detector()
    {
        var edges = Synthetic.Edges(Synthetic.Angles(15));
        Unit.Should().BeTunedTo(edges, "orientation", PREFERRED_ORIENTATION, tolerance: 30, period: 360);
    }

    // A picture reviewed in pull requests: the first run writes a .received.png beside this file and fails; review
    // it, accept it with `circuitspec accept`, and commit the .verified.png.
    [Fact]
    public async Task The_units_input_weights_look_as_reviewed()
    {
        var picture = WeightDiagram.Draw(Unit, "SOURCE_LAYER", top: 4);
        await picture.Should().MatchSnapshot(name: "input_weights");
    }
}
