using TorchSharp;
using static TorchSharp.torch;

namespace CircuitSpec.Runtime;

/// <summary>
/// Tensor arithmetic with every scalar held until libtorch returns. TorchSharp 0.107 converts a number to a native
/// scalar on the fly, in its operators (<c>t * 0.5</c>, <c>t + 1</c>) and even inside <c>a + b</c> (the implicit
/// <c>alpha = 1</c>), and nothing keeps that scalar alive during the native call: a collection started by another thread
/// can finalize and free it mid-call, and libtorch then reads freed memory ("Unknown scalar type", NaN). The build
/// rejects those operators (src/Analyzers); these methods do the same operations, in the same order, with held scalars.
/// Integers stay integer scalars and fractions double scalars, as in TorchSharp's own overloads.
/// </summary>
public static class HeldArithmetic
{
    /// <summary><c>a + b</c>.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, HeldScalars.One);

    public static Tensor Plus(this Tensor a, long b) => Held(b, s => a.add(s, HeldScalars.One));

    public static Tensor Plus(this Tensor a, double b) => Held(b, s => a.add(s, HeldScalars.One));

    /// <summary><c>a += b</c>, in place.</summary>
    public static Tensor PlusInPlace(this Tensor a, double b) => Held(b, s => a.add_(s, HeldScalars.One));

    /// <summary><c>a *= b</c>, in place.</summary>
    public static Tensor TimesInPlace(this Tensor a, double b) => Held(b, s => a.mul_(s));

    public static Tensor Minus(this Tensor a, long b) => Held(b, a.sub);

    public static Tensor Minus(this Tensor a, double b) => Held(b, a.sub);

    /// <summary><c>b - a</c>, computed as TorchSharp's <c>b - a</c> is: <c>-a + b</c>.</summary>
    public static Tensor SubtractedFrom(this Tensor a, long b) => Held(b, s => Negated(a, s));

    public static Tensor SubtractedFrom(this Tensor a, double b) => Held(b, s => Negated(a, s));

    public static Tensor Times(this Tensor a, long b) => Held(b, a.mul);

    public static Tensor Times(this Tensor a, double b) => Held(b, a.mul);

    public static Tensor DividedBy(this Tensor a, long b) => Held(b, s => a.div(s));

    public static Tensor DividedBy(this Tensor a, double b) => Held(b, s => a.div(s));

    /// <summary><c>a</c> to the power <paramref name="exponent"/>.</summary>
    public static Tensor Power(this Tensor a, long exponent) => Held(exponent, a.pow);

    public static Tensor Power(this Tensor a, double exponent) => Held(exponent, a.pow);

    /// <summary><c>a</c> raised to the power <paramref name="exponent"/>, in place.</summary>
    public static Tensor PowerInPlace(this Tensor a, double exponent) => Held(exponent, a.pow_);

    /// <summary><c>a²</c>, as TorchSharp's <c>square()</c>: <c>pow(2)</c>.</summary>
    public static Tensor Squared(this Tensor a) => a.pow(HeldScalars.Two);

    /// <summary><c>a</c> limited to [min, max].</summary>
    public static Tensor Clamped(this Tensor a, double min, double max) => Held(min, low => Held(max, high => a.clamp(low, high)));

    /// <summary><c>a.clamp_min(min)</c>.</summary>
    public static Tensor AtLeast(this Tensor a, double min) => Held(min, a.clamp_min);

    /// <summary><c>a.clamp_max(max)</c>.</summary>
    public static Tensor AtMost(this Tensor a, double max) => Held(max, a.clamp_max);

    /// <summary><c>a &gt; b</c>, element-wise.</summary>
    public static Tensor GreaterThan(this Tensor a, long b) => Held(b, a.gt);

    public static Tensor GreaterThan(this Tensor a, double b) => Held(b, a.gt);

    /// <summary><c>a &lt; b</c>, element-wise.</summary>
    public static Tensor LessThan(this Tensor a, long b) => Held(b, a.lt);

    public static Tensor LessThan(this Tensor a, double b) => Held(b, a.lt);

    /// <summary><c>torch.full(shape, value)</c>: a tensor of <paramref name="shape"/> holding <paramref name="value"/> everywhere.</summary>
    public static Tensor Filled(long[] shape, double value, ScalarType? dtype = null, Device? device = null) =>
        Held(value, s => full(shape, s, dtype: dtype, device: device));

    /// <summary><c>torch.full_like(like, value)</c>.</summary>
    public static Tensor FilledLike(this Tensor like, double value) => Held(value, s => full_like(like, s));

    /// <summary>0, 1, …, count − 1 as <c>torch.arange(count)</c> makes them.</summary>
    public static Tensor Range(long count, ScalarType? dtype = null, Device? device = null) =>
        Held(count, stop => arange(HeldScalars.Zero, stop, HeldScalars.One, dtype, device));

    private static Tensor Held(long value, Func<Scalar, Tensor> operation)
    {
        using var held = value.ToScalar();
        return operation(held);
    }

    private static Tensor Held(double value, Func<Scalar, Tensor> operation)
    {
        using var held = value.ToScalar();
        return operation(held);
    }

    private static Tensor Negated(Tensor a, Scalar b)
    {
        using var negated = a.negative();
        return negated.add(b, HeldScalars.One);
    }
}
