using TorchSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Runtime;

/// <summary>
/// A one-element tensor's value as a .NET number, with the native scalar it passes through held until the number is
/// read. TorchSharp 0.107's <c>ToDouble()</c>, <c>ToSingle()</c>, <c>ToInt64()</c>, <c>ToBoolean()</c>… make that scalar
/// and drop it before reading it, so a collection on another thread can free it mid-read: a wrong number, or libtorch
/// aborting the process from <c>c10::Scalar::toDouble</c> (both seen under a collector storm). The build rejects those
/// readers (src/Analyzers, CSP0003).
/// </summary>
public static class HeldValues
{
    public static double AsDouble(this Tensor t) => Read(t, static value => value.ToDouble());

    public static float AsSingle(this Tensor t) => Read(t, static value => value.ToSingle());

    public static long AsLong(this Tensor t) => Read(t, static value => value.ToInt64());

    public static bool AsBoolean(this Tensor t) => Read(t, static value => value.ToBoolean());

    private static T Read<T>(Tensor t, Func<Scalar, T> read)
    {
        using var value = t.ToScalar();
        return read(value);
    }
}
