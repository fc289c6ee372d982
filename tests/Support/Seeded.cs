using static TorchSharp.torch;

namespace CircuitSpec.Tests.Support;

/// <summary>
/// Seeded random tensors for tests, with the generator held until its draw returns (a generator made on the fly can be
/// finalized while libtorch still draws from it).
/// </summary>
internal static class Seeded
{
    /// <summary>Standard normal draws.</summary>
    public static Tensor Normal(long[] shape, ulong seed)
    {
        using var generator = new Generator(seed);
        return randn(shape, generator: generator);
    }

    /// <summary>Uniform draws in [0, 1).</summary>
    public static Tensor Uniform(long[] shape, ulong seed)
    {
        using var generator = new Generator(seed);
        return rand(shape, generator: generator);
    }
}
