using System.Globalization;
using CircuitSpec.Runtime;
using FluentAssertions.Formatting;
using static TorchSharp.torch;

namespace CircuitSpec.Formatting;

/// <summary>"float32 [1, 64, 56, 56] on cpu: min -1.2, mean 0.031, max 4.5, 0 NaN; first [0.1, 0.2, …]".</summary>
internal sealed class TensorFormatter : IValueFormatter
{
    private const int Shown = 6;

    public bool CanHandle(object value) => value is Tensor;

    public void Format(object value, FormattedObjectGraph formattedGraph, FormattingContext context, FormatChild formatChild) =>
        formattedGraph.AddFragment(Describe((Tensor)value));

    internal static string Describe(Tensor t)
    {
        if (t.IsInvalid) return "a disposed tensor";
        var head = $"{t.dtype.ToString().ToLowerInvariant()} [{string.Join(", ", t.shape)}] on {t.device}";
        if (t.numel() == 0) return head + ", empty";
        if (!t.is_floating_point()) return $"{head}: first [{string.Join(", ", Values(t))}]";
        using var scope = NewDisposeScope();
        var x = t.detach().to(float64);
        var finite = x[x.isfinite()];
        var nan = x.isnan().sum().AsLong();
        var inf = x.isinf().sum().AsLong();
        var summary = finite.numel() > 0
            ? $"min {G(finite.min().AsDouble())}, mean {G(finite.mean().AsDouble())}, max {G(finite.max().AsDouble())}"
            : "no finite values";
        return $"{head}: {summary}, {nan} NaN, {inf} infinite; first [{string.Join(", ", Values(t))}{(t.numel() > Shown ? ", …" : "")}]";
    }

    private static IEnumerable<string> Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        var flat = t.detach().flatten()[..(int)Math.Min(Shown, t.numel())].to(float64).cpu();
        return flat.data<double>().ToArray().Select(G).ToList();
    }

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
