using System.Text.RegularExpressions;
using CircuitSpec.Claims;
using CircuitSpec.GroundTruth;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;

namespace CircuitSpec.Tests.Packaging;

/// <summary>
/// The libraries' layers (README, "Folders"): CircuitSpec knows no test framework, the loaders know no claims, the
/// claims know no ground truth; and within the sources no two namespaces use each other, directly or in a ring.
/// </summary>
public sealed partial class LayeringTests
{
    private static readonly string Root = RepositoryRoot.Above(AppContext.BaseDirectory)!;
    private static readonly string[] Libraries = ["src/CircuitSpec", "src/Models", "src/CircuitSpec.Assertions", "src/GroundTruth"];

    [Theory]
    [InlineData(typeof(Network), new[] { "FluentAssertions", "FsCheck", "CircuitSpec.Models", "CircuitSpec.Assertions", "CircuitSpec.GroundTruth", "xunit" })]
    [InlineData(typeof(ModelZoo), new[] { "FluentAssertions", "FsCheck", "CircuitSpec.Assertions", "CircuitSpec.GroundTruth", "xunit" })]
    [InlineData(typeof(Verdict), new[] { "CircuitSpec.GroundTruth", "xunit" })]
    [InlineData(typeof(PlantedClaims), new[] { "xunit" })]
    public void An_assembly_references_nothing_above_its_layer(Type member, string[] above)
    {
        var references = member.Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        references.Where(r => above.Any(a => r == a || r.StartsWith(a + ".", StringComparison.Ordinal)))
            .Should().BeEmpty("{0} sits below {1}", member.Assembly.GetName().Name, string.Join(", ", above));
    }

    [Fact]
    public void No_namespaces_of_the_libraries_use_each_other_in_a_ring()
    {
        var graph = NamespaceGraph();
        graph.Keys.Should().Contain(["Networks", "Claims", "Models.Graph", "Models.Operators", "Models.Onnx.Proto", "GroundTruth"], "the scan reads every library");
        graph.Values.Sum(v => v.Count).Should().BeGreaterThan(40, "namespaces use each other through usings and qualified names");
        var ring = FindRing(graph);
        ring.Should().BeNull("a namespace that uses another must not be used back; found {0}",
            ring is null ? "" : string.Join(" → ", ring.Select(step => $"{step.From} ({string.Join(", ", graph[step.From][step.To].Take(3))})")) + $" → {ring?[0].From}");
    }

    [Fact]
    public void The_scan_finds_a_ring_when_there_is_one()
    {
        var graph = new Dictionary<string, Dictionary<string, List<string>>>
        {
            ["A"] = new() { ["B"] = ["a.cs"] },
            ["B"] = new() { ["C"] = ["b.cs"] },
            ["C"] = new() { ["A"] = ["c.cs"] },
            ["D"] = new() { ["A"] = ["d.cs"] },
        };
        FindRing(graph)!.Select(s => s.From).Should().BeEquivalentTo(["A", "B", "C"]);
        graph["C"].Remove("A");
        FindRing(graph).Should().BeNull();
    }

    /// <summary>
    /// Namespace (less "CircuitSpec.") → namespaces it names → the files that do. A name is qualified
    /// (<c>CircuitSpec.Models.Onnx.Proto.TensorProto</c>) or relative to an enclosing namespace (<c>Onnx.TensorProtoReader</c>
    /// inside CircuitSpec.Models); it belongs to the longest namespace of the sources it starts with.
    /// </summary>
    private static Dictionary<string, Dictionary<string, List<string>>> NamespaceGraph()
    {
        var separator = Path.DirectorySeparatorChar;
        var files = Libraries.SelectMany(l => Directory.EnumerateFiles(Path.Combine(Root, l), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(Root, f), Code: Code(File.ReadAllText(f))))
            .Select(f => (f.File, f.Code, Namespace: NamespaceLine().Match(f.Code) is { Success: true } m ? m.Groups[1].Value : null))
            .Where(f => f.Namespace is not null)
            .ToList();
        // Generated code (the ONNX protobuf classes) is not among the sources; its namespace is among the assemblies' types.
        var known = files.Select(f => f.Namespace!)
            .Concat(new[] { typeof(Network), typeof(ModelZoo), typeof(Verdict), typeof(PlantedClaims) }.SelectMany(t => t.Assembly.GetTypes())
                .Select(t => t.Namespace).OfType<string>().Where(n => n.StartsWith("CircuitSpec", StringComparison.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);
        string? Owner(string name) => known.Where(k => name == k || name.StartsWith(k + ".", StringComparison.Ordinal)).MaxBy(k => k.Length);
        static string Short(string ns) => ns.StartsWith("CircuitSpec.", StringComparison.Ordinal) ? ns["CircuitSpec.".Length..] : ns;

        // Per enclosing namespace, the names its child namespaces can be used by without qualification (made once each).
        var relativeNames = new Dictionary<string, Regex?>(StringComparer.Ordinal);
        Regex? RelativeNames(string enclosing)
        {
            if (relativeNames.TryGetValue(enclosing, out var regex)) return regex;
            var children = known.Where(k => k.StartsWith(enclosing + ".", StringComparison.Ordinal))
                .Select(k => k[(enclosing.Length + 1)..].Split('.')[0]).Distinct().ToList();
            return relativeNames[enclosing] = children.Count == 0
                ? null
                : new Regex($@"(?<![\w.])(?:{string.Join('|', children.Select(Regex.Escape))})(?:\.[A-Z]\w*)+");
        }

        var graph = known.ToDictionary(Short, _ => new Dictionary<string, List<string>>(), StringComparer.Ordinal);
        foreach (var (file, code, ns) in files)
        {
            var body = code[(code.IndexOf("namespace", StringComparison.Ordinal) + "namespace".Length)..];
            var named = QualifiedName().Matches(code).Select(m => m.Value).ToList();
            var segments = ns!.Split('.');
            for (var depth = 1; depth <= segments.Length; depth++)
            {
                var enclosing = string.Join('.', segments.Take(depth));
                if (RelativeNames(enclosing) is { } relative)
                    named.AddRange(relative.Matches(body).Select(m => $"{enclosing}.{m.Value}"));
            }
            foreach (var target in named.Select(Owner).OfType<string>().Where(t => t != ns).Distinct())
            {
                var edges = graph[Short(ns)];
                if (!edges.TryGetValue(Short(target), out var list)) edges[Short(target)] = list = [];
                list.Add(file);
            }
        }
        return graph;
    }

    /// <summary>The code without comments and string literals (a sentence or a generated spec naming a namespace is no use of it).</summary>
    private static string Code(string text) =>
        StringLiteral().Replace(BlockComment().Replace(LineComment().Replace(text, ""), ""), "\"\"");

    private static List<(string From, string To)>? FindRing(Dictionary<string, Dictionary<string, List<string>>> graph)
    {
        var state = new Dictionary<string, int>();
        var path = new List<string>();
        List<(string, string)>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node)?.Keys.Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>())
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    var start = path.IndexOf(next);
                    return path.Skip(start).Select((n, i) => (n, start + i + 1 < path.Count ? path[start + i + 1] : next)).ToList();
                }
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } ring) return ring;
            }
            state[node] = 2;
            path.RemoveAt(path.Count - 1);
            return null;
        }
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } ring)
                return ring;
        return null;
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"\bCircuitSpec(?:\.[A-Z]\w*)+")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"//.*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"""(?:\\.|[^""\\\n])*""")]
    private static partial Regex StringLiteral();
}
