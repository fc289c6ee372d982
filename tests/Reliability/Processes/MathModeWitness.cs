using CircuitSpec.Models.Zoo;
using CircuitSpec.Runtime;
using CircuitSpec.Visualization;

namespace CircuitSpec.Tests.Reliability.Processes;

/// <summary>
/// Renders a short feature visualization of a real ResNet-18 unit (convolutions through oneDNN, the rest through ATen)
/// in the math mode of its process (CIRCUITSPEC_MATH and the code-path variables it was started with), and writes the
/// PNG to <see cref="OutputVariable"/> when set. A test of its own, and the child process of <see cref="MathModeTests"/>.
/// </summary>
public sealed class MathModeWitness
{
    public const string OutputVariable = "CIRCUITSPEC_MATH_WITNESS_OUT";
    public const string Method = $"CircuitSpec.Tests.Reliability.Processes.{nameof(MathModeWitness)}.{nameof(A_short_visualization_drives_a_resnet18_unit_in_this_math_mode)}";

    public static readonly VisualizationOptions Recipe = new() { Size = 64, Steps = 32, Seed = 5 };
    public static Objective Objective => Objective.Channel("layer1", 12);

    [Fact]
    public void A_short_visualization_drives_a_resnet18_unit_in_this_math_mode()
    {
        MathLibrary.Use(MathLibrary.Mode);
        using var model = ModelZoo.ResNet18();
        var before = model.Visualize(Objective, Recipe with { Steps = 0 }, cancellation: TestContext.Current.CancellationToken);
        var after = model.Visualize(Objective, Recipe, cancellation: TestContext.Current.CancellationToken);
        after.Score.Should().BeGreaterThan(1.5 * Math.Max(before.Score, 0.1), "the optimization drives the unit");
        if (Environment.GetEnvironmentVariable(OutputVariable) is { Length: > 0 } path)
        {
            after.Picture.SavePng(path);
            File.WriteAllText(path + ".math", MathLibrary.Describe());
        }
    }
}
