using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;

namespace CircuitSpec.Bench.Rows;

/// <summary>Row 6: the specs suite's wall time and its five slowest claims, from its JUnit XML (written by the test command).</summary>
public static class SpecsRow
{
    public static BenchRow Run(string repositoryRoot, Options options)
    {
        var junit = Path.Combine(repositoryRoot, "artifacts", "test-results", "CircuitSpec.Specs.junit.xml");
        if (options.RunSpecs)
        {
            Console.Error.WriteLine("running the specs suite (--run-specs) …");
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repositoryRoot, UseShellExecute = false };
            foreach (var a in new[] { "test", Path.Combine("specs", "CircuitSpec.Specs.csproj"), "-c", "Release", "--no-build", "-nologo",
                         "--logger", $"junit;LogFilePath={junit}" })
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            process.WaitForExit();
        }
        if (!File.Exists(junit))
            return new BenchRow("6. specs/ suite", $"no {junit}: run `bash ci/test.sh` (or pass --run-specs) first", null, "reported", null);
        var suite = XDocument.Load(junit).Descendants("testsuite").First();
        double Time(XElement e) => double.Parse(e.Attribute("time")?.Value ?? "0", CultureInfo.InvariantCulture);
        var cases = suite.Descendants("testcase").Select(c => (Name: (string)c.Attribute("name")!, Seconds: Time(c))).ToList();
        var slowest = cases.OrderByDescending(c => c.Seconds).Take(5).ToList();
        var written = File.GetLastWriteTimeUtc(junit);
        return new BenchRow("6. specs/ suite wall time (its last run)",
            $"{Time(suite) / 60:F1} min for {cases.Count} specs (run of {written:yyyy-MM-dd HH:mm} UTC); slowest: " +
            string.Join("; ", slowest.Select(c => $"{System.Net.WebUtility.HtmlDecode(c.Name)} {c.Seconds:F0} s")),
            null, "reported", null)
        {
            Numbers = { ["wall_s"] = Time(suite), ["specs"] = cases.Count },
        };
    }
}
