using System.Diagnostics;
using System.Globalization;
using System.Text;
using CircuitSpec.Claims;
using CircuitSpec.Errors;
using CircuitSpec.Models.Planted;
using CircuitSpec.Models.Transformers;
using CircuitSpec.Networks;

namespace CircuitSpec.GroundTruth;

/// <summary>How one case of the mutation suite ended.</summary>
public enum CaseResult { Held, Failed, Inconclusive, TypedError, Crashed }

/// <summary>One case: a true claim (expected to hold), a mutated claim or a claim on a broken model (expected to fail).</summary>
public sealed record MutationCase(string Kind, string Claim, bool ShouldHold, CaseResult Result, string Evidence, TimeSpan Time)
{
    /// <summary>Why the evidence decided nothing, for an inconclusive case (the verdict's own reason).</summary>
    public string? Inconclusive { get; init; }

    /// <summary>Whether the verifier got it right: a true claim held; a false one failed (a verdict or a typed error, never a crash).</summary>
    public bool Correct => ShouldHold ? Result == CaseResult.Held : Result is CaseResult.Failed or CaseResult.Inconclusive or CaseResult.TypedError;
}

/// <summary>
/// Measures the verifier on ground truth: every true claim must hold on the planted circuit (sensitivity); every
/// mutated claim, and every true claim on a model whose circuit was broken, must fail (specificity).
/// </summary>
public sealed class MutationSuite
{
    public const string TrueClaim = "true claim";
    private readonly List<MutationCase> _cases = [];

    public IReadOnlyList<MutationCase> Cases => _cases;
    public IEnumerable<MutationCase> Misses => _cases.Where(c => !c.Correct);
    public int TrueCases => _cases.Count(c => c.ShouldHold);
    public int FalseCases => _cases.Count(c => !c.ShouldHold);
    public double Sensitivity => Share(_cases.Where(c => c.ShouldHold));
    public double Specificity => Share(_cases.Where(c => !c.ShouldHold));

    /// <summary>False claims and broken models whose verdict is "fails" — not inconclusive, not refused with a typed error.</summary>
    public double StrictSpecificity => FalseCases == 0 ? double.NaN : (double)_cases.Count(c => !c.ShouldHold && c.Result == CaseResult.Failed) / FalseCases;

    /// <summary>
    /// Strict specificity over the false cases that are decidable: those not left inconclusive because the evidence
    /// does not exist (a silent or constant response, a kernel with no weight of the kind the claim reads, a readout
    /// the circuit's edges do not move).
    /// </summary>
    public double StrictSpecificityWhereDecidable
    {
        get
        {
            var decidable = _cases.Where(c => !c.ShouldHold && !Undecidable(c)).ToList();
            return decidable.Count == 0 ? double.NaN : (double)decidable.Count(c => c.Result == CaseResult.Failed) / decidable.Count;
        }
    }

    private static bool Undecidable(MutationCase c) =>
        c.Result == CaseResult.Inconclusive && Reason(c) is var reason &&
        (reason.StartsWith("every value is", StringComparison.Ordinal) || reason.StartsWith("silent", StringComparison.Ordinal) ||
         reason.StartsWith("the kernel has no", StringComparison.Ordinal) || reason.StartsWith("there is no effect to explain", StringComparison.Ordinal));

    private static double Share(IEnumerable<MutationCase> cases)
    {
        var list = cases.ToList();
        return list.Count == 0 ? double.NaN : (double)list.Count(c => c.Correct) / list.Count;
    }

    /// <summary>The suite on the planted circuit (<see cref="PlantedCircuit"/>).</summary>
    public static MutationSuite Run(IReadOnlyList<PlantedTruth<Network, WeightMutation>> claims, IProgress<string>? progress = null, CancellationToken cancellation = default) =>
        Run(claims, PlantedCircuit.Build, progress, cancellation);

    /// <summary>
    /// The suite on any planted model: <paramref name="build"/> makes it intact (null) or with one unit's weights mutated.
    /// </summary>
    public static MutationSuite Run(IReadOnlyList<PlantedTruth<Network, WeightMutation>> claims, Func<WeightMutation?, Network> build, IProgress<string>? progress = null,
        CancellationToken cancellation = default) =>
        Run<Network, WeightMutation>(claims, build, progress, cancellation);

    /// <summary>The suite on the planted transformer: its claims, their mutants, and its broken copies.</summary>
    public static MutationSuite Run(IReadOnlyList<PlantedTruth<SentenceTransformer, TransformerBreak>> claims, IProgress<string>? progress = null, CancellationToken cancellation = default) =>
        Run<SentenceTransformer, TransformerBreak>(claims, PlantedTransformer.Build, progress, cancellation);

    private static MutationSuite Run<TModel, TBreak>(IReadOnlyList<PlantedTruth<TModel, TBreak>> claims, Func<TBreak?, TModel> build, IProgress<string>? progress,
        CancellationToken cancellation)
        where TModel : IDisposable
        where TBreak : class
    {
        var suite = new MutationSuite();
        using (var model = build(null))
            foreach (var claim in claims)
            {
                cancellation.ThrowIfCancellationRequested();
                suite.Add(TrueClaim, true, () => claim.On(model), _ => claim.Sentence);
                foreach (var mutant in claim.Mutants) suite.Add(mutant.Kind, false, () => mutant.On(model), made => made.Sentence);
            }
        progress?.Report($"{suite._cases.Count} true and mutated claims checked");

        // Model mutations: one broken model at a time, every claim that must notice it checked on it unchanged.
        foreach (var group in claims.SelectMany(c => c.BrokenBy.Select(b => (Claim: c, Break: b))).GroupBy(x => x.Break))
        {
            cancellation.ThrowIfCancellationRequested();
            using var broken = build(group.Key);
            foreach (var (claim, _) in group)
                suite.Add($"model: {Kind(group.Key)}", false, () => claim.On(broken), _ => $"{claim.Sentence} — on the model with {group.Key}");
            progress?.Report($"{group.Key}: {group.Count()} claims checked");
        }
        return suite;
    }

    private static string Kind(object broken) => broken switch
    {
        WeightMutation m => m.Description,
        TransformerBreak b => b.Kind,
        _ => broken.ToString() ?? "",
    };

    /// <summary>
    /// Makes one case's claim record, names it (<paramref name="sentence"/>: a mutant by its record's own sentence), and reads
    /// its verdict as a value: nothing is asserted, so no test framework's exception is caught.
    /// </summary>
    private void Add(string kind, bool shouldHold, Func<ClaimRecord> make, Func<ClaimRecord, string> sentence)
    {
        var clock = Stopwatch.StartNew();
        string? text = null;
        MutationCase Case(CaseResult result, string evidence, string? inconclusive = null) =>
            new(kind, text ?? $"a {kind} claim", shouldHold, result, evidence, clock.Elapsed) { Inconclusive = inconclusive };
        try
        {
            var claim = make();
            text = sentence(claim);
            var verdict = claim.Evaluate();
            _cases.Add(Case(verdict.Outcome switch { Outcome.Holds => CaseResult.Held, Outcome.Fails => CaseResult.Failed, _ => CaseResult.Inconclusive },
                verdict.Finding, verdict.Inconclusive));
        }
        catch (CircuitSpecException e)
        {
            _cases.Add(Case(CaseResult.TypedError, $"{e.GetType().Name}: {e.Message}"));
        }
        catch (Exception e)
        {
            // Where in CircuitSpec it happened: a native error's message names only libtorch's frames.
            var at = e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at CircuitSpec.", StringComparison.Ordinal));
            _cases.Add(Case(CaseResult.Crashed, $"{e.GetType().FullName}: {FirstLine(e.Message)}{(at is null ? "" : $" ({at})")}"));
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    /// <summary>
    /// The results as a Markdown table: one row per kind of case with how the false ones ended (fails, inconclusive,
    /// typed error), then sensitivity, specificity and strict specificity, and the inconclusive ones by reason.
    /// </summary>
    public string Table()
    {
        var text = new StringBuilder("| Case | Cases | Verifier right | Missed | of the false: fails / inconclusive / typed error |\n|---|---:|---:|---:|---|\n");
        foreach (var group in _cases.GroupBy(c => c.Kind).OrderBy(g => g.Key == TrueClaim ? 0 : g.Key.StartsWith("model", StringComparison.Ordinal) ? 2 : 1).ThenBy(g => g.Key))
        {
            var expectation = group.Key == TrueClaim ? "hold" : "fail";
            var split = group.Key == TrueClaim ? ""
                : $"{group.Count(c => c.Result == CaseResult.Failed)} / {group.Count(c => c.Result == CaseResult.Inconclusive)} / {group.Count(c => c.Result == CaseResult.TypedError)}";
            text.Append(CultureInfo.InvariantCulture, $"| {group.Key} (must {expectation}) | {group.Count()} | {group.Count(c => c.Correct)} | {group.Count(c => !c.Correct)} | {split} |\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"| **sensitivity** (true claims that hold) | {TrueCases} | {Sensitivity:P1} | | |\n");
        text.Append(CultureInfo.InvariantCulture, $"| **specificity** (false claims and broken models that fail) | {FalseCases} | {Specificity:P1} | | |\n");
        text.Append(CultureInfo.InvariantCulture, $"| **strict specificity** (of those, a \"fails\" verdict) | {FalseCases} | {StrictSpecificity:P1} | | |\n");
        text.Append(CultureInfo.InvariantCulture, $"| **strict specificity where decidable** (leaving out the inconclusive for want of evidence: silent, constant, no such weight) | " +
            $"{_cases.Count(c => !c.ShouldHold && !Undecidable(c))} | {StrictSpecificityWhereDecidable:P1} | | |\n");
        var inconclusive = _cases.Where(c => !c.ShouldHold && c.Result == CaseResult.Inconclusive).GroupBy(Reason).OrderByDescending(g => g.Count()).ToList();
        if (inconclusive.Count > 0)
        {
            text.Append("\n| inconclusive false cases, by reason | cases |\n|---|---:|\n");
            foreach (var reason in inconclusive) text.Append(CultureInfo.InvariantCulture, $"| {reason.Key} | {reason.Count()} |\n");
        }
        return text.ToString();
    }

    // "curves:2 at the centre: every value is 0 (…)" → "every value is 0"
    private static string Reason(MutationCase c)
    {
        var text = c.Inconclusive ?? c.Evidence.Replace("the evidence is inconclusive: ", "", StringComparison.Ordinal);
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0) text = text[(colon + 2)..];
        var cut = text.IndexOfAny(['(', ',', '—']);
        return (cut > 0 ? text[..cut] : text).Trim();
    }

    /// <summary>The suite written up for artifacts/ground-truth: a title, the table, and every miss with its evidence.</summary>
    public string Markdown(string title) => $"# {title}\n\n{Table()}\n## Misses\n\n{(Misses.Any() ? DescribeMisses() : "none")}\n";

    /// <summary>Every miss with its evidence, for a failure message.</summary>
    public string DescribeMisses() =>
        string.Join("\n", Misses.Select(m => $"- [{m.Kind}] {m.Claim}: expected it to {(m.ShouldHold ? "hold" : "fail")}, it {m.Result.ToString().ToLowerInvariant()} — {m.Evidence}"));
}
