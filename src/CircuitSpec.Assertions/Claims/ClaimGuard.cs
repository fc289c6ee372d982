using System.Globalization;
using CircuitSpec.Errors;

namespace CircuitSpec.Claims;

/// <summary>
/// Refuses claims that could not fail (or could not pass) whatever the model does, before any evidence is gathered:
/// a verdict on such a claim would be noise dressed as a result. The claim's sentence is rendered only to refuse it.
/// </summary>
public static class ClaimGuard
{
    public static void Number(string claim, string name, double value) => Number(() => claim, name, value);

    public static void NotVacuous(string claim, bool vacuous, string why) => NotVacuous(() => claim, vacuous, why);

    public static void Possible(string claim, bool impossible, string why) => Possible(() => claim, impossible, why);

    /// <summary>
    /// A threshold that responses must exceed (<paramref name="responsesAbove"/>) or stay at or below: not NaN, and not
    /// the infinity that every finite response meets (vacuous) or none does (impossible).
    /// </summary>
    public static void Threshold(string claim, double threshold, bool responsesAbove) => Threshold(() => claim, threshold, responsesAbove);

    public static void Number(Func<string> claim, string name, double value)
    {
        if (double.IsNaN(value)) throw new InvalidClaimException(InvariantText.Render(claim), $"{name} is NaN, and no comparison with NaN is ever true");
    }

    public static void NotVacuous(Func<string> claim, bool vacuous, string why)
    {
        if (vacuous) throw new InvalidClaimException(InvariantText.Render(claim), $"it is vacuous — {why}, so it would pass whatever the model does");
    }

    public static void Possible(Func<string> claim, bool impossible, string why)
    {
        if (impossible) throw new InvalidClaimException(InvariantText.Render(claim), $"it can never hold — {why}");
    }

    public static void Threshold(Func<string> claim, double threshold, bool responsesAbove)
    {
        Number(claim, "the threshold", threshold);
        NotVacuous(claim, threshold == (responsesAbove ? double.NegativeInfinity : double.PositiveInfinity),
            responsesAbove ? "every finite response is above −∞" : "no finite response is above ∞");
        Possible(claim, threshold == (responsesAbove ? double.PositiveInfinity : double.NegativeInfinity),
            responsesAbove ? "no finite response reaches ∞" : "every finite response is above −∞");
    }

    /// <summary>A number as evidence shows it: three significant digits, invariant culture, infinities as ∞.</summary>
    public static string F(double value) => double.IsNegativeInfinity(value) ? "−∞" : double.IsPositiveInfinity(value) ? "∞" : value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>A fraction as a percentage, invariant culture: P(0.123, 1) = "12.3 %".</summary>
    public static string P(double fraction, int decimals = 0) =>
        double.IsFinite(fraction) ? (fraction * 100).ToString($"F{decimals}", CultureInfo.InvariantCulture) + " %" : F(fraction);
}
