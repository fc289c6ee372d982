using CircuitSpec.Claims;
using CircuitSpec.Reporting;

[assembly: AssemblyFixture(typeof(CircuitSpec.Specs.Support.ReportFixture))]

namespace CircuitSpec.Specs.Support;

/// <summary>
/// Once per run of the specs: verdicts and pictures are attributed to the spec that produced them, and when the run
/// ends the report is written to artifacts/report/index.html (failures first).
/// </summary>
public sealed class ReportFixture : IDisposable
{
    public ReportFixture() => VerdictLog.CurrentTest = () => TestContext.Current.Test?.TestDisplayName;

    public static string ReportPath => Path.Combine(RepositoryRoot(), "artifacts", "report", "index.html");

    public void Dispose()
    {
        var path = HtmlReport.WriteRecorded(ReportPath, "CircuitSpec: claims about real models");
        TestContext.Current.SendDiagnosticMessage($"report: {path}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CircuitSpec.sln"))) return dir.FullName;
        return Environment.CurrentDirectory;
    }
}
