using System.Diagnostics;
using System.Xml.Linq;

namespace CircuitSpec.Bench.Rows;

/// <summary>Row 6: the specs suite's summed test time and its five slowest claims, from its JUnit XML (written by the test command).</summary>
public static class SpecsRow
{
    public static BenchRow Run(string repositoryRoot, Options options)
    {
        var junit = SpecResults.AllSpecs(repositoryRoot);
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
        var files = SpecResults.Files(repositoryRoot, onlyAllSpecs: options.RunSpecs);
        if (!File.Exists(junit))
            return new BenchRow("6. specs/ suite", $"no {junit}: run `bash ci/test.sh` (or pass --run-specs) first", null, "reported", null);
        // A JUnit suite's time is the sum of its tests' times (several run at a time): ci/test.sh's log has the wall times.
        var results = files.Select(XDocument.Load).ToList();
        var summed = results.Sum(r => SpecResults.Seconds(r.Descendants("testsuite").First()));
        var cases = SpecResults.Cases(results);
        var slowest = cases.OrderByDescending(c => c.Seconds).Take(5).ToList();
        var written = File.GetLastWriteTimeUtc(junit);
        return new BenchRow("6. specs/ suite, summed test time (its last run)",
            $"{summed / 60:F1} min for {cases.Count} specs (run of {written:yyyy-MM-dd HH:mm} UTC); slowest: " +
            string.Join("; ", slowest.Select(c => $"{System.Net.WebUtility.HtmlDecode(c.Name)} {c.Seconds:F0} s")),
            null, "reported", null)
        {
            Numbers = { ["summed_test_s"] = summed, ["specs"] = cases.Count },
        };
    }
}
