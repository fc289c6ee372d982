using FluentAssertions;
using FluentAssertions.Execution;

namespace CircuitSpec.Claims;

/// <summary>
/// Turns a verdict into a FluentAssertions outcome: a failure message that shows the evidence; the constraint carries the
/// verdict (<c>.Which</c>), so a caller reads the claim's measurement without a log. Public so that verbs in other
/// assemblies (the transformer claims, a research group's own) conclude the same way.
/// </summary>
public static class Conclusion
{
    /// <summary>Evaluates the claim and concludes on its verdict.</summary>
    public static AndWhichConstraint<T, Verdict> Reach<T>(T assertions, ClaimRecord claim, string because, object[] becauseArgs) =>
        Reach(assertions, claim.Evaluate(), because, becauseArgs);

    public static AndWhichConstraint<T, Verdict> Reach<T>(T assertions, Verdict verdict, string because, object[] becauseArgs)
    {
        var recorded = VerdictLog.Record(verdict);
        // The message is rendered only when the claim fails: a claim that holds formats no text.
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(recorded.Outcome == Outcome.Holds)
            .FailWith(() => new FailReason(Message(recorded)));
        return new AndWhichConstraint<T, Verdict>(assertions, recorded);
    }

    private static string Message(Verdict verdict)
    {
        var lines = verdict.Evidence.Concat(verdict.Series.Select(s => s.ToString())).Concat(verdict.Pictures.Select(p => $"picture: {p}")).ToList();
        var evidence = lines.Count == 0 ? "" : "\nEvidence:\n  " + string.Join("\n  ", lines);
        return Escape($"Expected {verdict.Claim}") + "{reason}" + Escape($", but {verdict.Finding}.{evidence}");
    }

    // FluentAssertions reads {…} as placeholders: keep the evidence's braces literal.
    private static string Escape(string text) => text.Replace("{", "{{").Replace("}", "}}");
}
