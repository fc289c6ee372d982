using CircuitSpec.Models.Graph;
using CircuitSpec.Runtime;

namespace CircuitSpec.Specs.Support;

/// <summary>The real BVLC GoogLeNet (InceptionV1), loaded once for all specs about it, with threads and seed pinned.</summary>
public sealed class InceptionV1Model : IDisposable
{
    public InceptionV1Model()
    {
        TorchRuntime.MakeDeterministic(threads: 2, seed: 0);
        Model = CircuitSpec.Models.Zoo.InceptionV1.Load();
    }

    public GraphNetwork Model { get; }

    public void Dispose() => Model.Dispose();
}

/// <summary>Model-heavy: its specs run one after another, not beside other collections.</summary>
[CollectionDefinition(nameof(InceptionV1Specs), DisableParallelization = true)]
public sealed class InceptionV1Specs : ICollectionFixture<InceptionV1Model>;
