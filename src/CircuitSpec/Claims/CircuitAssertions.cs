using System.Globalization;
using CircuitSpec.Weights;
using FluentAssertions;
using FluentAssertions.Primitives;

namespace CircuitSpec.Claims;

public sealed class CircuitAssertions(Circuit subject) : ReferenceTypeAssertions<Circuit, CircuitAssertions>(subject)
{
    protected override string Identifier => "circuit";

    /// <summary>Every edge has its sign, with a net weight beyond its threshold.</summary>
    public AndConstraint<CircuitAssertions> Hold(string because = "", params object[] becauseArgs)
    {
        ClaimGuard.NotVacuous($"{Subject} to hold", Subject.Edges.Count == 0, "the circuit has no edges, and \"every edge holds\" is then always true");
        var checks = Subject.Edges.Select(e => (Edge: e, Kernel: e.Source.EffectiveWeightsTo(e.Target))).ToList();
        var broken = checks.Where(c => c.Edge.Sign * c.Kernel.Sum <= c.Edge.MinWeight).ToList();
        string Net(double v) => v.ToString("+0.###;-0.###", CultureInfo.InvariantCulture);
        var evidence = checks.Select(c => $"{(broken.Contains(c) ? "✗" : "✓")} {c.Edge}: net {Net(c.Kernel.Sum)} ({(c.Kernel.Expanded ? "expanded" : "direct")})").ToList();
        return Conclusion.Reach(this, Verdict.Decide($"{Subject} to hold", broken.Count == 0,
            broken.Count == 0 ? "every edge holds" : $"{broken.Count} of {checks.Count} edges do not: {string.Join("; ", broken.Select(b => $"{b.Edge} has net weight {Net(b.Kernel.Sum)}"))}",
            evidence, KernelText.NonFinite(checks.Select(c => c.Kernel))), because, becauseArgs);
    }
}
