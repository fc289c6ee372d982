using CircuitSpec.Models.Transformers;
using CircuitSpec.Runtime;

namespace CircuitSpec.Specs.Transformers;

/// <summary>all-MiniLM-L6-v2 and arctic-embed-xs (from their NuGet packages), loaded once for the specs about them.</summary>
public sealed class TransformerModels : IDisposable
{
    public TransformerModels()
    {
        TorchRuntime.MakeDeterministic(threads: 2, seed: 0);
        MiniLM = SentenceTransformer.MiniLM();
        ArcticXs = SentenceTransformer.ArcticXs();
    }

    public SentenceTransformer MiniLM { get; }
    public SentenceTransformer ArcticXs { get; }

    public void Dispose()
    {
        MiniLM.Dispose();
        ArcticXs.Dispose();
    }
}

/// <summary>Model-heavy: its specs run one after another, not beside other collections.</summary>
[CollectionDefinition(nameof(TransformerSpecs), DisableParallelization = true)]
public sealed class TransformerSpecs : ICollectionFixture<TransformerModels>;
