using System.Text.RegularExpressions;
using CircuitSpec.Claims;
using CircuitSpec.Pictures;
using CircuitSpec.Reporting;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;

namespace CircuitSpec.Tests.Visuals;

/// <summary>The HTML report opens from disk in headless Chromium without errors and shows every claim, failures first.</summary>
public sealed class ReportTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("circuitspec-report-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void The_report_loads_in_chromium_and_shows_every_claim_with_its_pictures()
    {
        var counterExample = new Edge(30).SavePng(Path.Combine(_folder.FullName, "counter.png"), 64);
        var diagram = new Curve(0, 20).ToPicture(96).SavePng(Path.Combine(_folder.FullName, "curve.png"));
        var verdicts = new List<Verdict>
        {
            Verdict.Decide("mixed3b:379 to be tuned to orientation 0 ± 15", true, "it prefers 4", ["tuning of mixed3b:379 <peak 4°>"]) with { Test = "Specs.CurveSpecs.Curve_detectors_are_tuned" },
            Verdict.Decide("no stimulus to drive conv2d0:0 above 9.3", false, "the stimulus at orientation=30 gives 12",
                ["minimal counter-example: orientation=30", $"picture: {counterExample}"]) with { Test = "Specs.LineSpecs.Lines_stay_below_threshold" },
            Verdict.Decide("mixed3a:81 to prefer curves over lines by ≥ 2×", false, "", [], "3 stimuli are too few") with { Test = "Specs.CurveSpecs.Curve_detectors_are_tuned" },
        };
        var pictures = new List<ReportPicture> { new(diagram, "weight diagram of mixed3b:379", "Specs.CurveSpecs.Curve_detectors_are_tuned") };
        var path = HtmlReport.Write(Path.Combine(_folder.FullName, "report", "index.html"), verdicts, pictures);

        var dom = HeadlessChromium.DumpDom(path);
        var body = Regex.Match(dom, "<body[^>]*>").Value;
        body.Should().Contain("data-loaded=\"true\"", "the page's script ran to its end")
            .And.Contain("data-shown-claims=\"3\"").And.Contain("data-broken-images=\"0\"").And.NotContain("data-errors");
        dom.Should().Contain("3 claims in 2 specs").And.Contain("1 hold").And.Contain("1 fail").And.Contain("1 inconclusive");
        foreach (var v in verdicts) dom.Should().Contain(v.Claim);
        dom.Should().Contain("tuning of mixed3b:379 &lt;peak 4°&gt;", "evidence is escaped, not read as markup");
        dom.IndexOf("Lines stay below threshold", StringComparison.Ordinal).Should()
            .BeLessThan(dom.IndexOf("Curve detectors are tuned", StringComparison.Ordinal), "failing specs come first");
        Regex.Matches(dom, "src=\"data:image/png;base64,").Count.Should().Be(2, "pictures are embedded, so the page opens from disk alone");
    }

    [Fact]
    public void A_report_is_written_whole_or_not_at_all()
    {
        var path = Path.Combine(_folder.FullName, "index.html");
        HtmlReport.Write(path, [], []);
        Directory.GetFiles(_folder.FullName).Should().Equal(path);
        File.ReadAllText(path).Should().EndWith("</html>");
    }
}
