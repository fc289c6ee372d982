using CircuitSpec.Claims;
using CircuitSpec.Reporting;
using CircuitSpec.Runtime;

[assembly: AssemblyFixture(typeof(CircuitSpec.Specs.Support.ReportFixture))]

namespace CircuitSpec.Specs.Support;

/// <summary>
/// Once per run of the specs: verdicts and pictures are attributed to the spec that produced them, long work stops
/// when xunit cancels the run, and when the run ends the report is written to artifacts/report/index.html (failures first).
/// </summary>
public sealed class ReportFixture : IDisposable
{
    public ReportFixture()
    {
        VerdictLog.CurrentTest = () => TestContext.Current.Test?.TestDisplayName;
        Cancellation.Host = () => TestContext.Current.CancellationToken;
    }

    public static string ReportPath =>
        Path.Combine(RepositoryRoot.Above(AppContext.BaseDirectory) ?? Environment.CurrentDirectory, "artifacts", "report", "index.html");

    public void Dispose()
    {
        var path = HtmlReport.WriteRecorded(ReportPath, "CircuitSpec: claims about real models");
        TestContext.Current.SendDiagnosticMessage($"report: {path}");
    }
}
