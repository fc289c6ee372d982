using System.Collections.Immutable;
using System.Text.RegularExpressions;
using CircuitSpec.Analyzers;
using CircuitSpec.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CircuitSpec.Tests.Runtime.ScalarRace;

/// <summary>
/// The build-time check for TorchSharp 0.107's scalar race: numbers that become scalars nobody holds are flagged where
/// they are written, and held ones pass. Each line of the sample says, in a trailing comment, what it must report.
/// </summary>
public sealed partial class UnheldScalarAnalyzerTests
{
    private const string Sample = """
        using CircuitSpec.Runtime;
        using TorchSharp;
        using static TorchSharp.torch;

        internal static class Sample
        {
            private static readonly Scalar Half = 0.5.ToScalar();

            public static Tensor Operators(Tensor a, Tensor b)
            {
                var sum = a + b;                                    // CSP0003
                var difference = a - b;
                var scaled = a * 0.5;                               // CSP0003
                var squared = a.square();                           // CSP0003
                return sum + difference + scaled + squared;         // CSP0003 CSP0003 CSP0003
            }

            public static Tensor Conversions(Tensor a)
            {
                var clamped = a.clamp(0, 1);                        // CSP0001 CSP0001
                var above = a > 0.5;                                // CSP0001
                var passedOn = a.mul(0.5.ToScalar());               // CSP0002
                Scalar local = 2;                                   // CSP0001
                return clamped.mul(local).where(above, passedOn);
            }

            public static double Readers(Tensor a)
            {
                var noise = randn([2, 2], generator: new Generator(7)); // CSP0004
                using var generator = new Generator(8);
                var held = randn([2, 2], generator: generator);
                return a.sum().ToDouble() + noise.max().ToInt64() + held.sum().AsDouble(); // CSP0003 CSP0003
            }

            public static Tensor Held(Tensor a, Tensor b)
            {
                using var factor = 0.25.ToScalar();
                var scaled = a.mul(factor).mul(Half);
                var sum = a.add(b, HeldScalars.One);
                return scaled.Plus(sum).Times(3).Clamped(0, 1).GreaterThan(0.5);
            }
        }
        """;

    [Fact]
    public async Task Flags_every_unheld_scalar_in_the_sample_and_nothing_else()
    {
        var expected = Sample.Split('\n')
            .SelectMany((line, i) => Expectation().Matches(line).Select(m => $"{i + 1}:{m.Value}"))
            .Order().ToList();
        var reported = (await Analyze(Sample)).Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1}:{d.Id}").Order().ToList();
        reported.Should().Equal(expected, "each trailing comment names what its line must report");
    }

    [Fact]
    public async Task Its_message_names_the_method_and_the_held_alternative()
    {
        // In the sample's order: the analyzer reports from several threads, in no fixed order.
        var diagnostics = (await Analyze(Sample)).OrderBy(d => d.Location.SourceSpan.Start).ToList();
        diagnostics.First(d => d.Id == "CSP0003").GetMessage().Should().Contain("Tensor.op_Addition(Tensor,Tensor)").And.Contain("HeldScalars.One");
        diagnostics.First(d => d.GetMessage().Contains("ToDouble")).GetMessage().Should().Contain("HeldValues");
        diagnostics.First(d => d.Id == "CSP0004").GetMessage().Should().Contain("Generator").And.Contain("using var");
    }

    [Fact]
    public void Its_list_of_TorchSharp_methods_that_drop_scalars_matches_TorchSharps_IL()
    {
        var listFile = Path.Combine(RepositoryRoot.Above(AppContext.BaseDirectory)!, "src", "Analyzers", "TorchSharpMethodsThatDropScalars.txt");
        var listed = File.ReadAllLines(listFile).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var scanned = TorchSharpScalarScan.MethodsThatDropScalars(typeof(torch).Assembly);
        scanned.Should().Contain("Tensor.op_Addition(Tensor,Tensor)", "TorchSharp 0.107's a + b passes alpha = 1 unheld");
        listed.Should().BeEquivalentTo(scanned, "the analyzer's list must be regenerated when TorchSharp changes:\n{0}", string.Join("\n", scanned));
    }

    private static async Task<ImmutableArray<Diagnostic>> Analyze(string source)
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = platform.Append(typeof(torch).Assembly.Location).Append(typeof(HeldScalars).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Sample", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Should().BeEmpty("the sample must compile");
        return await compilation.WithAnalyzers([new UnheldScalarAnalyzer()]).GetAnalyzerDiagnosticsAsync(TestContext.Current.CancellationToken);
    }

    [GeneratedRegex(@"CSP\d{4}")]
    private static partial Regex Expectation();
}
