using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Runtime;

namespace CircuitSpec.Specs.Support;

/// <summary>
/// The real ImageNet ResNet-18 (from its NuGet package) and Tiny Darknet (from the shared data), loaded once for the
/// specs about them and about what they share, with threads and seed pinned.
/// </summary>
public sealed class ImageNetModels : IDisposable
{
    public ImageNetModels()
    {
        TorchRuntime.MakeDeterministic(threads: 2, seed: 0);
        ResNet18 = ModelZoo.ResNet18();
        TinyDarknet = ModelZoo.TinyDarknet();
    }

    public GraphNetwork ResNet18 { get; }
    public GraphNetwork TinyDarknet { get; }

    public void Dispose()
    {
        ResNet18.Dispose();
        TinyDarknet.Dispose();
    }
}

/// <summary>Model-heavy: its specs run one after another, not beside other collections.</summary>
[CollectionDefinition(nameof(ImageNetSpecs), DisableParallelization = true)]
public sealed class ImageNetSpecs : ICollectionFixture<ImageNetModels>;
