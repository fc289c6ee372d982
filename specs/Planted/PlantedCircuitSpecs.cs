using CircuitSpec.GroundTruth;
using CircuitSpec.Models.Planted;
using CircuitSpec.Networks;

namespace CircuitSpec.Specs.Planted;

/// <summary>
/// The planted circuit's true claims (see <see cref="PlantedClaims"/>, where each is written as the sentence it
/// checks): edge detectors → curve detectors → a circle detector, a red-above-blue AND unit and a polysemantic unit,
/// all with hand-set weights. Every one must hold; the framework's mutation suite checks that their mutants fail.
/// </summary>
public sealed class PlantedCircuitSpecs : IClassFixture<PlantedCircuitSpecs.Model>
{
    private readonly Network _model;

    public PlantedCircuitSpecs(Model model) => _model = model.Network;

    public static TheoryData<string> Claims => [.. PlantedClaims.All.Select(c => c.Sentence)];

    [Theory]
    [MemberData(nameof(Claims))]
    public void Holds(string claim) => PlantedClaims.All.Single(c => c.Sentence == claim).Check(_model);

    public sealed class Model : IDisposable
    {
        public Network Network { get; } = PlantedCircuit.Build();
        public void Dispose() => Network.Dispose();
    }
}
