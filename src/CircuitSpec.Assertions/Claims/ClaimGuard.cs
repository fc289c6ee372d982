using System.Globalization;
using CircuitSpec.Errors;

namespace CircuitSpec.Claims;

/// <summary>
/// Refuses claims that could not fail (or could not pass) whatever the model does, before any evidence is gathered:
/// a verdict on such a claim would be noise dressed as a result.
/// </summary>
public static class ClaimGuard
{
    public static void Number(string claim, string name, double value)
    {
        if (double.IsNaN(value)) throw new InvalidClaimException(claim, $"{name} is NaN, and no comparison with NaN is ever true");
    }

    public static void NotVacuous(string claim, bool vacuous, string why)
    {
        if (vacuous) throw new InvalidClaimException(claim, $"it is vacuous — {why}, so it would pass whatever the model does");
    }

    public static void Possible(string claim, bool impossible, string why)
    {
        if (impossible) throw new InvalidClaimException(claim, $"it can never hold — {why}");
    }

    /// <summary>
    /// A threshold that responses must exceed (<paramref name="responsesAbove"/>) or stay at or below: not NaN, and not
    /// the infinity that every finite response meets (vacuous) or none does (impossible).
    /// </summary>
    public static void Threshold(string claim, double threshold, bool responsesAbove)
    {
        Number(claim, "the threshold", threshold);
        NotVacuous(claim, threshold == (responsesAbove ? double.NegativeInfinity : double.PositiveInfinity),
            responsesAbove ? "every finite response is above −∞" : "no finite response is above ∞");
        Possible(claim, threshold == (responsesAbove ? double.PositiveInfinity : double.NegativeInfinity),
            responsesAbove ? "no finite response reaches ∞" : "every finite response is above −∞");
    }

    public static string F(double value) => double.IsNegativeInfinity(value) ? "−∞" : double.IsPositiveInfinity(value) ? "∞" : value.ToString("G3", CultureInfo.InvariantCulture);
}
