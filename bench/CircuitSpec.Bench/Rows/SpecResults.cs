using System.Globalization;
using System.Xml.Linq;

namespace CircuitSpec.Bench.Rows;

/// <summary>
/// The specs' last JUnit results. `ci/test.sh` runs the portraits on a simulated other machine in a process of their own,
/// so their cases are in a second file beside the other specs'; `--run-specs` writes one file with every spec.
/// </summary>
internal static class SpecResults
{
    public static string AllSpecs(string repositoryRoot) => Path.Combine(repositoryRoot, "artifacts", "test-results", "CircuitSpec.Specs.junit.xml");

    public static string Portraits(string repositoryRoot) => Path.Combine(repositoryRoot, "artifacts", "test-results", "other-machine-portraits.junit.xml");

    /// <summary>The files of the last run: both of ci/test.sh's, or the one of a run of every spec.</summary>
    public static IReadOnlyList<string> Files(string repositoryRoot, bool onlyAllSpecs) =>
        (onlyAllSpecs ? [AllSpecs(repositoryRoot)] : new[] { AllSpecs(repositoryRoot), Portraits(repositoryRoot) }).Where(File.Exists).ToList();

    public static double Seconds(XElement element) => double.Parse(element.Attribute("time")?.Value ?? "0", CultureInfo.InvariantCulture);

    public static IReadOnlyList<(string Name, double Seconds)> Cases(IEnumerable<XDocument> results) =>
        results.SelectMany(r => r.Descendants("testcase")).Select(c => ((string?)c.Attribute("name") ?? "", Seconds(c))).ToList();
}
