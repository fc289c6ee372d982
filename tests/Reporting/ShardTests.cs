using CircuitSpec.Claims;
using CircuitSpec.Errors;
using CircuitSpec.Pictures;
using CircuitSpec.Reporting;
using CircuitSpec.Stimuli;

namespace CircuitSpec.Tests.Reporting;

/// <summary>A suite split into shards by the last run's timings, and the shards' records and JUnit XML merged back.</summary>
public sealed class ShardTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("circuitspec-shards-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Shards_balance_the_last_runs_seconds_and_together_run_every_class_once()
    {
        var seconds = new Dictionary<string, double>
        {
            ["Specs.PortraitSpecs"] = 120, ["Specs.CurveSpecs"] = 50, ["Specs.CircleSpecs"] = 45, ["Specs.MiniLMSpecs"] = 30, ["Specs.Meta"] = 20,
        };
        var plan = SpecShards.Plan(seconds, 2);
        plan.Select(s => s.Seconds).Should().Equal([140, 125], "longest first, each to the lighter shard");
        plan[0].Members.Should().Equal("Specs.Meta", "Specs.PortraitSpecs");
        plan[1].Members.Should().Equal("Specs.CircleSpecs", "Specs.CurveSpecs", "Specs.MiniLMSpecs");
        plan[0].Filter.Should().Be("FullyQualifiedName~Specs.Meta.|FullyQualifiedName~Specs.PortraitSpecs.");
        plan[1].Filter.Should().Be("FullyQualifiedName!~Specs.Meta.&FullyQualifiedName!~Specs.PortraitSpecs.",
            "the last shard runs everything the others do not name, classes new since the timings too");
        SpecShards.Plan(seconds, 1).Single().Filter.Should().BeEmpty("one shard is the whole suite");
        SpecShards.Plan(seconds, 7).Should().HaveCount(7).And.Contain(s => s.Members.Count == 0);
        SpecShards.Plan(new Dictionary<string, double> { ["Specs.A.One"] = 2, ["Specs.A.Two"] = 1 }, 2, ShardUnit.Test).Select(s => s.Filter)
            .Should().Equal("FullyQualifiedName=Specs.A.One", "FullyQualifiedName!=Specs.A.One");
    }

    [Fact]
    public void Classes_and_tests_come_from_test_names_as_dotnet_test_lists_them()
    {
        string[] listed = ["  Specs.CurveSpecs.Tuned", "Specs.CurveSpecs.Tiles(gap: 60)", "Specs.CurveSpecs.Tiles(gap: 90)", "Specs.Meta.Reaches_a_verdict", ""];
        SpecShards.CountsBy(listed).Should().BeEquivalentTo(new Dictionary<string, double> { ["Specs.CurveSpecs"] = 2, ["Specs.Meta"] = 1 });
        SpecShards.CountsBy(listed, ShardUnit.Test).Keys.Should().BeEquivalentTo(["Specs.CurveSpecs.Tuned", "Specs.CurveSpecs.Tiles", "Specs.Meta.Reaches_a_verdict"]);
    }

    [Fact]
    public void Merged_shard_records_write_the_report_of_the_unsplit_run()
    {
        var picture = new Curve(0, 20).SavePng(Path.Combine(_folder.FullName, "curve.png"), 64);
        var first = new Verdict("curves:1 to prefer arcs", Outcome.Holds, "it does", ["2.1× over lines"]) { Test = "Specs.A.One", Pictures = [picture] };
        var second = new Verdict("curves:2 to be silent", Outcome.Fails, "it fires", ["peak 3.4"]) { Test = "Specs.B.Two" };
        var specs = new[] { new SpecResult("Specs.A.One", SpecOutcome.Passed), new SpecResult("Specs.B.Two", SpecOutcome.Failed, "Expected silence") };
        var whole = new RunRecord("suite", [first, second], [], specs);
        var shardA = new RunRecord("suite", [first], [], [specs[0]]);
        var shardB = new RunRecord("suite", [second], [], [specs[1]]);

        var saved = new[] { shardB, shardA }.Select((r, i) => RunRecord.Load(r.Save(Path.Combine(_folder.FullName, $"shard{i}", "index.json")))).ToList();
        var merged = RunRecord.Merge(saved);

        var wholeHtml = File.ReadAllText(whole.WriteReport(Path.Combine(_folder.FullName, "whole.html")));
        var mergedHtml = File.ReadAllText(merged.WriteReport(Path.Combine(_folder.FullName, "merged.html")));
        mergedHtml.Should().Be(wholeHtml, "shards in any order merge into the report one run writes");
        merged.Verdicts[0].Evidence.Should().Equal(second.Evidence);
        FluentActions.Invoking(() => RunRecord.Merge([shardA, shardA])).Should().Throw<CircuitSpecException>().WithMessage("*more than one shard*Specs.A.One*");
    }

    [Fact]
    public void JUnit_files_merge_with_their_totals_and_give_seconds_per_class()
    {
        var a = Write("a.junit.xml", """
            <testsuites><testsuite name="Specs" tests="2" failures="1" errors="0" skipped="0" time="3.5">
              <testcase classname="Specs.A" name="One" time="1.5"/>
              <testcase classname="Specs.A" name="Two(x: 1)" time="2"><failure message="no"/></testcase>
            </testsuite></testsuites>
            """);
        var b = Write("b.junit.xml", """
            <testsuite name="Specs" tests="1" failures="0" errors="0" skipped="1" time="0.25">
              <testcase classname="Specs.B" name="Specs.B.Three" time="0.25"><skipped/></testcase>
            </testsuite>
            """);
        var merged = System.Xml.Linq.XDocument.Load(JUnitMerge.Merge([a, b], Path.Combine(_folder.FullName, "merged.junit.xml"))).Root!;
        merged.Elements("testsuite").Should().HaveCount(2);
        ((string?)merged.Attribute("tests")).Should().Be("3");
        ((string?)merged.Attribute("failures")).Should().Be("1");
        ((string?)merged.Attribute("skipped")).Should().Be("1");
        JUnitMerge.SecondsBy([a, b]).Should().BeEquivalentTo(new Dictionary<string, double> { ["Specs.A"] = 3.5, ["Specs.B"] = 0.25 });
        JUnitMerge.SecondsBy([a, b], ShardUnit.Test).Should().BeEquivalentTo(new Dictionary<string, double>
            { ["Specs.A.One"] = 1.5, ["Specs.A.Two"] = 2, ["Specs.B.Three"] = 0.25 });
        FluentActions.Invoking(() => JUnitMerge.SecondsBy([picture()])).Should().Throw<CircuitSpecException>().WithMessage("*is not JUnit XML*");

        string picture() => Write("not.xml", "{ \"json\": true }");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
