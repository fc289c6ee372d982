using CircuitSpec.Activations;
using CircuitSpec.Features;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Runtime;
using CircuitSpec.Snapshots;
using CircuitSpec.Tests.Support;
using CircuitSpec.Visualization;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Visuals;

/// <summary>Activation maximization finds what a unit was built to detect, deterministically, and its objectives compose.</summary>
public sealed class FeatureVisualizationTests(ITestOutputHelper output)
{
    private static readonly double[] Directions = [0, 45, 90, 135, 180, 225, 270, 315];
    private static CancellationToken Token => TestContext.Current.CancellationToken;
    private static readonly VisualizationOptions Quick = new() { Size = 64, Steps = 96, Seed = 3 };

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(5)]
    public void A_planted_edge_detector_is_visualized_as_a_brightness_ramp_along_its_direction(int unit)
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var result = model.Visualize(Objective.Neuron("edges_relu", unit), Quick, cancellation: Token);

        // The unit measures the brightness gradient along φ at the centre: the picture's own gradient there must point along φ.
        using var scope = NewDisposeScope();
        var image = result.Picture.ToTensor();
        var luminance = image.mean([0L]);
        var (cy, cx) = (32, 32);
        var window = luminance[TensorIndex.Slice(cy - 6, cy + 7), TensorIndex.Slice(cx - 6, cx + 7)];
        var dx = (window[.., 1..] - window[.., ..^1]).mean().AsDouble();
        var dy = -(window[1.., ..] - window[..^1, ..]).mean().AsDouble(); // rows grow downward; y is up
        var angle = (Math.Atan2(dy, dx) * 180 / Math.PI + 360) % 360;
        var error = Math.Abs(((angle - Directions[unit]) % 360 + 540) % 360 - 180);
        output.WriteLine($"unit {unit} (φ {Directions[unit]}°): gradient at {angle:F0}°, score {result.Score:F2}");
        error.Should().BeLessThan(20, "the optimized picture's brightness ramp points along the planted direction");

        var grey = model.Responses(HeldArithmetic.Filled([1, 3, 64, 64], 0.5), model.Unit("edges_relu", unit))[0];
        result.Score.Should().BeGreaterThan(10 * Math.Max(grey, 0.1), "the picture drives the unit far above a grey image");
    }

    [Fact]
    public void The_same_seed_gives_the_same_picture_and_another_seed_another()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var a = model.Visualize(Objective.Channel("edges_relu", 3), Quick with { Steps = 24 }, cancellation: Token);
        var b = model.Visualize(Objective.Channel("edges_relu", 3), Quick with { Steps = 24 }, cancellation: Token);
        var c = model.Visualize(Objective.Channel("edges_relu", 3), Quick with { Steps = 24, Seed = 4 }, cancellation: Token);
        a.Picture.EncodePng().Should().Equal(b.Picture.EncodePng());
        a.Picture.EncodePng().Should().NotEqual(c.Picture.EncodePng());
    }

    [Fact]
    public void Objectives_compose_like_the_scores_they_add()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        using var scope = NewDisposeScope();
        var images = Seeded.Uniform([2, 3, 64, 64], seed: 5);
        using var cache = model.RunWithCache(images, "edges_relu");
        double Score(Objective o) => o.Score(name => cache[name]).AsDouble();

        var (a, b) = (Objective.Channel("edges_relu", 1), Objective.Channel("edges_relu", 6));
        Score(a - 0.5 * b).Should().BeApproximately(Score(a) - 0.5 * Score(b), 1e-4);
        Score(-a).Should().BeApproximately(-Score(a), 1e-5);
        Score(a + Objective.Neuron("edges_relu", 1, 10, 20)).Should().BeApproximately(Score(a) + cache["edges_relu"][.., 1, 20, 10].sum().AsDouble(), 1e-4);
        var vector = new float[16];
        vector[1] = 2;
        Score(Objective.Direction("edges_relu", vector)).Should().BeApproximately(Score(a), 1e-4, "a direction along one channel is that channel");
        (a - 0.5 * b).ToString().Should().Be("edges_relu:1 + -1 · (0.5 · (edges_relu:6))");
        var bad = () => Score(Objective.Channel("edges_relu", 99));
        bad.Should().Throw<Errors.CircuitSpecException>().WithMessage("Channel 99 does not exist: the layer has 16 channels (0–15).");
    }

    [Fact]
    public void A_diversity_term_makes_a_batch_show_different_pictures()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var options = Quick with { Batch = 2, Steps = 48 };
        var plain = model.Visualize(Objective.Channel("edges_relu", 8), options, cancellation: Token);
        var diverse = model.Visualize(Objective.Channel("edges_relu", 8) + 20 * Objective.Diversity("edges_relu"), options, cancellation: Token);
        double Distance(FeatureVisualization v)
        {
            using var scope = NewDisposeScope();
            return (v.Pictures[0].ToTensor() - v.Pictures[1].ToTensor()).abs().mean().AsDouble();
        }
        output.WriteLine($"batch difference: plain {Distance(plain):F3}, with diversity {Distance(diverse):F3}");
        Distance(diverse).Should().BeGreaterThan(Distance(plain));
    }

    [Fact]
    public void Cancellation_stops_a_visualization_promptly()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        using var cancel = new CancellationTokenSource();
        var steps = 0;
        var progress = new InlineProgress<VisualizationProgress>(p =>
        {
            steps = p.Step;
            if (p.Step == 5) cancel.Cancel();
        });
        var act = () => model.Visualize(Objective.Channel("edges_relu", 0), Quick with { Steps = 10_000 }, progress, cancel.Token);
        act.Should().Throw<OperationCanceledException>();
        steps.Should().Be(5);
    }

    [Fact]
    public void A_real_resnet18_unit_is_driven_far_above_its_starting_image()
    {
        using var model = ModelZoo.ResNet18();
        var options = new VisualizationOptions { Size = 128, Steps = 48, Seed = 0 };
        var before = model.Visualize(Objective.Channel("layer2.0", 17), options with { Steps = 0 }, cancellation: Token);
        var progress = new InlineProgress<VisualizationProgress>(p => { if (p.Step % 16 == 0) output.WriteLine($"step {p.Step}: {p.Score:F2}"); });
        var after = model.Visualize(Objective.Channel("layer2.0", 17), options, progress, Token);
        output.WriteLine($"layer2.0:17 mean activation: {before.Score:F3} before, {after.Score:F3} after {after.Steps} steps");
        after.Score.Should().BeGreaterThan(before.Score + 1).And.BeGreaterThan(3 * Math.Max(before.Score, 0.1));
    }

    [Fact]
    public async Task The_planted_edge_detector_visualization_matches_its_snapshot()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var result = model.Visualize(Objective.Neuron("edges_relu", 1), Quick, cancellation: Token);
        await result.Should().MatchSnapshot(displaySize: 128);
    }
}
