namespace CircuitSpec.Errors;

/// <summary>
/// A claim whose parameters leave nothing to test: it would pass whatever the model does (vacuous, e.g. "responds
/// above −∞"), it could never pass, or a threshold is NaN. Raised before anything runs.
/// </summary>
public sealed class InvalidClaimException(string claim, string problem)
    : CircuitSpecException($"The claim \"{claim}\" cannot be checked: {problem}.")
{
    public string Claim { get; } = claim;
    public string Problem { get; } = problem;
}
