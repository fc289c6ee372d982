using System.Text.Json;
using System.Xml.Linq;
using CircuitSpec.Runtime;

namespace CircuitSpec.Tests.Packaging;

/// <summary>
/// The spec template names package versions (a user's project has no central package management): they must be the
/// ones this repository builds and tests with, or a created project would run on what we never ran.
/// </summary>
public sealed class TemplateVersionTests
{
    private static readonly string Root = RepositoryRoot.Above(AppContext.BaseDirectory)!;

    [Fact]
    public void The_template_names_the_versions_this_repository_pins()
    {
        var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "Templates", "content", "circuitspec-specs", ".template.config", "template.json")));
        var constants = template.RootElement.GetProperty("symbols").EnumerateObject()
            .Where(s => s.Value.TryGetProperty("generator", out var g) && g.GetString() == "constant")
            .ToDictionary(s => s.Value.GetProperty("replaces").GetString()!, s => s.Value.GetProperty("parameters").GetProperty("value").GetString()!);
        var pinned = XDocument.Load(Path.Combine(Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(p => p.Attribute("Include")!.Value, p => p.Attribute("Version")!.Value);
        var version = XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

        constants.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["CIRCUITSPEC_VERSION"] = version,
            ["XUNIT_VERSION"] = pinned["xunit.v3.mtp-off"],
            ["XUNIT_RUNNER_VERSION"] = pinned["xunit.runner.visualstudio"],
            ["TEST_SDK_VERSION"] = pinned["Microsoft.NET.Test.Sdk"],
            ["FLUENTASSERTIONS_VERSION"] = pinned["FluentAssertions"],
        });
        var project = File.ReadAllText(Path.Combine(Root, "src", "Templates", "content", "circuitspec-specs", "CircuitSpecSpecs.csproj"));
        foreach (var placeholder in constants.Keys) project.Should().Contain(placeholder, "every constant is used where the project names a version");
    }
}
