using CircuitSpec.Reporting;
using CircuitSpec.Runtime;

[assembly: AssemblyFixture(typeof(CircuitSpec.Specs.Support.ReportFixture))]

namespace CircuitSpec.Specs.Support;

/// <summary>
/// Once per run of the specs: the math libraries are put in reproducible mode before any model loads, and when the run
/// ends the report is written to artifacts/report/index.html (failures first). Verdicts and pictures name their spec,
/// and long work stops when xunit cancels the run, without a hook: CircuitSpec reads xunit's test context itself.
/// </summary>
public sealed class ReportFixture : IDisposable
{
    public ReportFixture()
    {
        MathLibrary.Use(MathMode.Reproducible);
    }

    /// <summary>artifacts/report/index.html, or the file CIRCUITSPEC_REPORT names (a second run beside the first).</summary>
    public static string ReportPath =>
        Environment.GetEnvironmentVariable("CIRCUITSPEC_REPORT") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryRoot.Above(AppContext.BaseDirectory) ?? Environment.CurrentDirectory, "artifacts", "report", "index.html");

    public void Dispose()
    {
        var path = HtmlReport.WriteRecorded(ReportPath, "CircuitSpec: claims about real models", RecordSpecOutcomeAttribute.All);
        TestContext.Current.SendDiagnosticMessage($"report: {path}");
    }
}
