using TorchSharp;

namespace CircuitSpec.Runtime;

/// <summary>
/// Scalars that live as long as the process, for libtorch calls that take one. TorchSharp 0.107 turns a .NET number
/// into a native scalar whose finalizer can run while libtorch still reads it (see <see cref="HeldArithmetic"/>); a
/// static field is never collected, and libtorch only reads a scalar, so one instance serves every thread.
/// </summary>
public static class HeldScalars
{
    /// <summary>The integer 1: the <c>alpha</c> of an addition, as TorchSharp's own <c>add(other)</c> passes it.</summary>
    public static readonly Scalar One = 1.ToScalar();

    public static readonly Scalar Zero = 0.ToScalar();

    public static readonly Scalar Two = 2.ToScalar();
}
