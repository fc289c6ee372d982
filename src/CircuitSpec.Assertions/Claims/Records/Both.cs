namespace CircuitSpec.Claims;

/// <summary>Two claims about the same subject at once (<c>BeExcitedBy(…).And.BeInhibitedBy(…)</c> as one record): it holds when both do.</summary>
public sealed record Both(ClaimRecord First, ClaimRecord Second) : ClaimRecord
{
    public override string Sentence => $"{First.Sentence}, and {Second.Sentence}";

    // Each part refuses itself when evaluated.
    protected override void Guard()
    {
    }

    protected override Verdict Decide()
    {
        var parts = new[] { First.Evaluate(), Second.Evaluate() };
        var failed = parts.Where(p => p.Outcome == Outcome.Fails).ToList();
        var inconclusive = failed.Count == 0 ? parts.Select(p => p.Inconclusive).FirstOrDefault(i => i is not null) : null;
        return Verdict(failed.Count == 0,
            () => failed.Count == 0 ? string.Join("; ", parts.Select(p => p.Finding)) : string.Join("; ", failed.Select(p => $"not {p.Claim}: {p.Finding}")),
            () => parts.SelectMany(p => p.Evidence),
            inconclusive, [.. parts.SelectMany(p => p.Measurements)]) with { Series = [.. parts.SelectMany(p => p.Series)], Pictures = [.. parts.SelectMany(p => p.Pictures)] };
    }
}
