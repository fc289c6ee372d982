using System.Globalization;
using System.Xml.Linq;

namespace CircuitSpec.Reporting;

/// <summary>JUnit XML files of several runs (shards) joined into one file: every test suite, with the totals summed.</summary>
public static class JUnitMerge
{
    public static string Merge(IReadOnlyList<string> files, string output)
    {
        var suites = files.SelectMany(Suites).ToList();
        double Sum(string attribute) => suites.Sum(s => double.TryParse((string?)s.Attribute(attribute), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0);
        var root = new XElement("testsuites",
            new XAttribute("tests", Sum("tests")), new XAttribute("failures", Sum("failures")), new XAttribute("errors", Sum("errors")),
            new XAttribute("skipped", Sum("skipped")), new XAttribute("time", Sum("time").ToString("F3", CultureInfo.InvariantCulture)),
            suites);
        var full = Path.GetFullPath(output);
        Pictures.AtomicFile.WriteText(full, new XDocument(new XDeclaration("1.0", "utf-8", null), root).ToString());
        return full;
    }

    /// <summary>Seconds per test class (a test case's <c>classname</c>) or per test in JUnit XML files, to balance shards by.</summary>
    public static Dictionary<string, double> SecondsBy(IEnumerable<string> files, ShardUnit unit = ShardUnit.Class)
    {
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var testCase in files.SelectMany(Suites).SelectMany(s => s.Elements("testcase")))
        {
            var name = unit == ShardUnit.Class ? (string?)testCase.Attribute("classname") : TestName(testCase);
            if (string.IsNullOrEmpty(name)) continue;
            var time = double.TryParse((string?)testCase.Attribute("time"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 0;
            seconds[name] = seconds.GetValueOrDefault(name) + time;
        }
        return seconds;
    }

    // The JUnit logger names a test case by its method (and a theory's arguments) under its class: Class.Method.
    private static string? TestName(XElement testCase)
    {
        var (type, method) = ((string?)testCase.Attribute("classname"), ((string?)testCase.Attribute("name"))?.Split('(')[0]);
        return method is null || type is null || method.StartsWith(type + ".", StringComparison.Ordinal) ? method : $"{type}.{method}";
    }

    private static IEnumerable<XElement> Suites(string file)
    {
        XDocument document;
        try { document = XDocument.Load(file); }
        catch (System.Xml.XmlException e) { throw new Errors.CircuitSpecException($"'{file}' is not JUnit XML: {e.Message}", e); }
        var root = document.Root!;
        return root.Name.LocalName == "testsuite" ? [root] : root.Elements("testsuite");
    }
}
