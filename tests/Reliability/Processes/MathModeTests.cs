using CircuitSpec.Models.Zoo;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Snapshots;
using CircuitSpec.Visualization;

namespace CircuitSpec.Tests.Reliability.Processes;

/// <summary>
/// "Another machine", simulated by starting processes with the math libraries on other code paths (ATen's, oneDNN's and
/// oneMKL's ISA settings change the bytes on one CPU as another CPU would): in reproducible mode the same seed gives
/// the same PNG whatever those variables said; outside it the bytes change, and the semantic snapshot check still
/// sees the same feature.
/// </summary>
public sealed class MathModeTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("circuitspec-math-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>What another CPU's libraries would pick by themselves: AVX-512 paths everywhere.</summary>
    private static readonly Dictionary<string, string> FastestPaths = new()
        { ["ATEN_CPU_CAPABILITY"] = "avx512", ["ONEDNN_MAX_CPU_ISA"] = "AVX512_CORE", ["MKL_CBWR"] = "AUTO" };

    /// <summary>An older machine's paths, as the issue measured them to change the bytes.</summary>
    private static readonly Dictionary<string, string> OlderPaths = new()
        { ["ATEN_CPU_CAPABILITY"] = "default", ["ONEDNN_MAX_CPU_ISA"] = "SSE41", ["MKL_CBWR"] = "COMPATIBLE" };

    private Picture Render(string name, string mode, IReadOnlyDictionary<string, string> paths)
    {
        var file = Path.Combine(_folder.FullName, name + ".png");
        var environment = new Dictionary<string, string>(paths) { [MathLibrary.ModeVariable] = mode, [MathModeWitness.OutputVariable] = file };
        var (exitCode, printed) = ChildProcess.Run(MathModeWitness.Method, environment, TimeSpan.FromMinutes(3));
        exitCode.Should().Be(0, "the child renders and passes:\n{0}", ChildProcess.FailureOf(printed));
        output.WriteLine($"{name}: {File.ReadAllText(file + ".math")}");
        return Picture.Load(file);
    }

    [Fact]
    public void Reproducible_mode_gives_the_same_bytes_under_other_code_paths_and_native_mode_the_same_feature()
    {
        var plain = Render("reproducible", "reproducible", new Dictionary<string, string>());
        var fastest = Render("reproducible-over-avx512", "reproducible", FastestPaths);
        var older = Render("native-older-paths", "native", OlderPaths);

        fastest.EncodePng().Should().Equal(plain.EncodePng(), "reproducible mode holds every library to its AVX2 path whatever the process was started with");
        older.EncodePng().Should().NotEqual(plain.EncodePng(), "other code paths change the bytes (which is why pixels cannot be the snapshot's judge)");

        MathLibrary.Use(MathLibrary.Mode);
        using var model = ModelZoo.ResNet18();
        var meaning = VisualizationMeaning.Measure(model, MathModeWitness.Objective, MathModeWitness.Recipe.Size, verified: older, reference: plain);
        output.WriteLine(SemanticTolerance.Default.Describe(meaning));
        SemanticTolerance.Default.Accepts(meaning).Should().BeTrue("the other machine's picture shows the same feature: {0}", SemanticTolerance.Default.Describe(meaning));
    }
}
