using CircuitSpec.Features;
using CircuitSpec.Specs.Support;

namespace CircuitSpec.Specs.InceptionV1;

/// <summary>
/// The pictures behind the specs of this folder, reviewed in pull requests: each unit's feature visualization and the
/// weight diagram of its strongest inputs. A changed picture fails until a reviewer accepts it.
/// </summary>
[Collection(nameof(InceptionV1Specs))]
public sealed class PortraitSpecs(InceptionV1Model inception)
{
    [Theory]
    [InlineData("mixed3b:413", "mixed3a")]
    [InlineData("mixed3b:361", "mixed3a")]
    [InlineData("mixed3b:394", "mixed3a")]
    [InlineData("mixed3b:321", "mixed3a")]
    [InlineData("mixed3a:92", "conv2d2")]
    [InlineData("mixed3a:188", "conv2d2")]
    [InlineData("mixed3b:375", "mixed3a")]
    [InlineData("mixed4c:265", "mixed4b")]
    public Task Portrait(string unit, string inputsFrom) => Portraits.MatchSnapshots(inception.Model.Unit(unit), inputsFrom);
}
