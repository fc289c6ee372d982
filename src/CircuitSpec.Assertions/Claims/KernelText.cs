using CircuitSpec.Weights;

namespace CircuitSpec.Claims;

/// <summary>How weight claims describe kernels in their evidence, and when kernels cannot support a verdict.</summary>
internal static class KernelText
{
    /// <summary>Why weights cannot support a verdict (some are NaN or infinite), or null.</summary>
    internal static string? NonFinite(IEnumerable<KernelSlice> kernels)
    {
        var broken = kernels.Where(k => !k.IsFinite).ToList();
        return broken.Count == 0 ? null
            : $"the weights {string.Join(", ", broken.Take(4).Select(k => $"{k.Source} → {k.Target}"))}{(broken.Count > 4 ? ", …" : "")} hold NaN or infinite values";
    }

    internal static string Describe(KernelSlice k) =>
        $"{k.Source} → {k.Target}: net {F(k.Sum)} (positive {F(k.PositiveSum)}, negative {F(k.NegativeSum)}), {(k.Expanded ? "expanded" : "direct")} {k.Height}×{k.Width}";

    private static string F(double value) => ClaimGuard.F(value);
}
