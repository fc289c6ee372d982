using System.Text.RegularExpressions;
using CircuitSpec.Claims;
using CircuitSpec.Measurements;
using CircuitSpec.Pictures;
using CircuitSpec.Reporting;
using CircuitSpec.Snapshots;
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
            Verdict.Decide("mixed3b:379 to be tuned to orientation 0 ± 15", true, "it prefers 4", ["tuning of mixed3b:379 <peak 4°>"]) with
            {
                Test = "Specs.CurveSpecs.Curve_detectors_are_tuned",
                Series = [new EvidenceSeries("tuning of mixed3b:379", "orientation", "response", [0, 90, 180, 270], [9, 2, 0.5, 1])],
            },
            Verdict.Decide("no stimulus to drive conv2d0:0 above 9.3", false, "the stimulus at orientation=30 gives 12",
                ["minimal counter-example: orientation=30"]) with { Test = "Specs.LineSpecs.Lines_stay_below_threshold", Pictures = [counterExample] },
            Verdict.Decide("mixed3a:81 to prefer curves over lines by ≥ 2×", false, "", [], "3 stimuli are too few") with { Test = "Specs.CurveSpecs.Curve_detectors_are_tuned" },
            Verdict.Decide("light:0 to be excited by light:1", false, "the weight is 0", []) with
                { Test = "Specs.Meta.Every_claim_reaches_a_verdict", Expectation = "constant weights" },
        };
        var specs = new List<SpecResult>
        {
            new("Specs.CurveSpecs.Curve_detectors_are_tuned", SpecOutcome.Failed, "Expected mixed3a:81 to prefer curves …"),
            new("Specs.LineSpecs.Lines_stay_below_threshold", SpecOutcome.Failed, "Expected no stimulus …"),
            new("Specs.Meta.Every_claim_reaches_a_verdict", SpecOutcome.Passed),
            new("Specs.Lucid.Published_claim", SpecOutcome.Skipped, "Lucid's weights are not configured"),
        };
        var pictures = new List<ReportPicture> { new(diagram, "weight diagram of mixed3b:379", "Specs.CurveSpecs.Curve_detectors_are_tuned") };
        var path = HtmlReport.Write(Path.Combine(_folder.FullName, "report", "index.html"), verdicts, pictures, specs: specs);

        var dom = HeadlessChromium.DumpDom(path);
        var body = Regex.Match(dom, "<body[^>]*>").Value;
        body.Should().Contain("data-loaded=\"true\"", "the page's script ran to its end")
            .And.Contain("data-shown-claims=\"4\"").And.Contain("data-broken-images=\"0\"").And.NotContain("data-errors");
        dom.Should().Contain("data-passed=\"1\" data-failed=\"2\" data-skipped=\"1\"", "spec counts are the runner's")
            .And.Contain("data-held=\"1\" data-failed=\"1\" data-inconclusive=\"1\" data-expected=\"1\"", "an expected failure is counted apart")
            .And.Contain("EXPECTED TO FAIL");
        foreach (var v in verdicts) dom.Should().Contain(v.Claim);
        dom.Should().Contain("tuning of mixed3b:379 &lt;peak 4°&gt;", "evidence is escaped, not read as markup");
        Regex.Matches(dom, "<polyline[^>]*points=\"[^\"]+\"").Count.Should().Be(1, "the tuning curve is drawn, not printed as text bars");
        dom.IndexOf("Published claim", StringComparison.Ordinal).Should()
            .BeGreaterThan(dom.IndexOf("Every claim reaches a verdict", StringComparison.Ordinal), "skipped specs come last");
        dom.IndexOf("Lines stay below threshold", StringComparison.Ordinal).Should()
            .BeLessThan(dom.IndexOf("Every claim reaches a verdict", StringComparison.Ordinal), "failing specs come first");
        Regex.Matches(dom, "src=\"data:image/png;base64,").Count.Should().Be(2, "pictures are embedded, so the page opens from disk alone");
    }

    [Fact]
    public async Task A_failing_snapshot_comes_first_in_red_with_verified_received_and_diff_side_by_side()
    {
        var source = Path.Combine(_folder.FullName, "ExampleSpecs.cs");
        var verified = new Curve(0, 20).ToPicture(96);
        verified.SavePng(Path.Combine(_folder.FullName, "ExampleSpecs.Portrait_curve.verified.png"));
        var changed = new Curve(180, 20).ToPicture(96);
        await ((Func<Task>)(() => changed.Should().MatchSnapshot(name: "curve", sourceFile: source, method: "Portrait"))).Should().ThrowAsync<Xunit.Sdk.XunitException>();
        var check = SnapshotLog.All.Single(c => c.Verified.StartsWith(_folder.FullName, StringComparison.Ordinal)) with { Test = "Specs.ExampleSpecs.Portrait" };
        var passing = Verdict.Decide("mixed3b:379 to be tuned to orientation 0 ± 15", true, "it prefers 4", []) with { Test = "Specs.A_first_by_name" };
        var path = HtmlReport.Write(Path.Combine(_folder.FullName, "snapshot", "index.html"), [passing], [], snapshots: [check],
            specs: [new("Specs.A_first_by_name", SpecOutcome.Passed), new("Specs.ExampleSpecs.Portrait", SpecOutcome.Failed, "Expected the picture to match its snapshot")]);

        var body = Regex.Match(HeadlessChromium.DumpDom(path), "<body[^>]*>").Value;
        body.Should().Contain("data-first-spec=\"failed\"", "the failing snapshot's spec comes first")
            .And.Contain("data-first-spec-border=\"rgb(198, 40, 40)\"", "and is drawn red")
            .And.Contain("data-first-spec-images=\"3\"", "verified, received and diff are shown side by side")
            .And.Contain("data-broken-images=\"0\"");
        var html = File.ReadAllText(path);
        html.Should().Contain("circuitspec accept ").And.Contain("ExampleSpecs.Portrait_curve.received.png").And.Contain("data-differ=\"1\"");
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
