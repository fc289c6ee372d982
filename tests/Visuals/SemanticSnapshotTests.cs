using CircuitSpec.Features;
using CircuitSpec.Snapshots;
using CircuitSpec.Tests.Support;
using CircuitSpec.Visualization;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Visuals;

/// <summary>
/// A feature visualization's snapshot is judged by what the picture means to the model: another seed (like another
/// machine's arithmetic) draws other pixels of the same feature and matches; a picture of another feature does not.
/// </summary>
public sealed class SemanticSnapshotTests : IDisposable
{
    private static readonly double[] Directions = [0, 45, 90, 135, 180, 225, 270, 315];
    private static readonly VisualizationOptions Recipe = new() { Size = 64, Steps = 64, Seed = 3 };
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("circuitspec-semantic-");
    private string SourceFile => Path.Combine(_folder.FullName, "EdgeSpecs.cs");
    private string Verified => Path.Combine(_folder.FullName, "EdgeSpecs.Portrait.verified.png");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Delete(recursive: true);

    private Task<FluentAssertions.AndWhichConstraint<VisualizationAssertions, SnapshotCheck>> Match(FeatureVisualization visualization) =>
        visualization.Should().MatchSnapshot(displaySize: 128, sourceFile: SourceFile, method: "Portrait");

    [Fact]
    public async Task Another_seed_draws_other_pixels_of_the_same_feature_and_matches()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        model.Visualize(Objective.Channel("edges_relu", 1), Recipe, cancellation: Token).Picture.Resized(128, 128).SavePng(Verified);
        var again = model.Visualize(Objective.Channel("edges_relu", 1), Recipe with { Seed = 11 }, cancellation: Token);

        var pixels = PictureComparison.Compare(again.Picture.Resized(128, 128), CircuitSpec.Pictures.Picture.Load(Verified), SnapshotTolerance.Default);
        pixels.Within(SnapshotTolerance.Default).Should().BeFalse("the pixels differ beyond the old pixel tolerance: {0}", pixels.Describe(SnapshotTolerance.Default));
        var check = (await Match(again)).Which;
        check.Matched.Should().BeTrue();
        check.Findings[0].Should().Contain("share").And.Contain("rank").And.Contain("profile correlation").And.Contain("reported, not judged");
        File.Exists(Path.Combine(_folder.FullName, "EdgeSpecs.Portrait.received.png")).Should().BeFalse("a match leaves no received picture");
    }

    // Not the opposite edge: under a channel objective (the mean over the map) an edge detector and its opposite are
    // both driven by the same grating, so their pictures mean the same to the layer.
    [Theory]
    [InlineData(3, "an edge turned by 90°")]
    [InlineData(7, "an edge turned by −90°")]
    public async Task A_picture_of_another_feature_fails_with_the_numbers_and_leaves_received_and_diff(int other, string what)
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        model.Visualize(Objective.Channel("edges_relu", 1), Recipe, cancellation: Token).Picture.Resized(128, 128).SavePng(Verified);
        var changed = model.Visualize(Objective.Channel("edges_relu", other), Recipe, cancellation: Token);

        var failure = (await ((Func<Task>)(() => Match(changed))).Should().ThrowAsync<XunitException>($"{what} is another feature")).Which.Message;
        failure.Should().Contain("no longer means the same to the model").And.Contain("share").And.Contain("rank").And.Contain("pixels (for the reviewer, not judged)")
            .And.Contain("circuitspec accept ");
        File.Exists(Path.Combine(_folder.FullName, "EdgeSpecs.Portrait.received.png")).Should().BeTrue();
        File.Exists(Path.Combine(_folder.FullName, "EdgeSpecs.Portrait.diff.png")).Should().BeTrue();
    }

    [Fact]
    public async Task A_unit_the_recipe_never_drives_fails_saying_there_is_no_feature_to_compare()
    {
        // Minus the sum of a ReLU layer is never above 0: like a dead unit, the recipe cannot drive it, and a snapshot of
        // it must not pass by comparing zero with zero.
        using var model = PlantedModels.OrientedEdges(Directions);
        var dead = model.Direction("edges_relu", Enumerable.Repeat(-1f, 16).ToArray(), "minus everything");
        var visualization = model.Visualize(Objective.Of(dead), Recipe, cancellation: Token);
        visualization.Score.Should().BeLessThanOrEqualTo(0, "a negative sum of ReLU outputs is never above 0");
        visualization.Picture.Resized(128, 128).SavePng(Verified);
        var failure = (await ((Func<Task>)(() => Match(visualization))).Should().ThrowAsync<XunitException>()).Which.Message;
        failure.Should().Contain("never drives the objective above 0");
    }

    [Fact]
    public void The_measurement_ranks_the_objectives_channel_and_scores_both_pictures()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var own = model.Visualize(Objective.Channel("edges_relu", 2), Recipe, cancellation: Token).Picture;
        var turned = model.Visualize(Objective.Channel("edges_relu", 4), Recipe, cancellation: Token).Picture;

        var same = VisualizationMeaning.Measure(model, Objective.Channel("edges_relu", 2), 64, own, own);
        same.ScoreShare.Should().BeApproximately(1, 1e-9, "the same picture scores the same");
        same.ProfileCorrelation.Should().BeApproximately(1, 1e-9);
        same.Rank.Should().Be(1, "its own visualization drives the unit more than any other unit of the layer");
        var swapped = VisualizationMeaning.Measure(model, Objective.Channel("edges_relu", 2), 64, turned, own);
        swapped.ScoreShare.Should().BeLessThan(SemanticTolerance.Default.MinScoreShare, "an edge turned by 90° drives the unit far less");
        swapped.Rank.Should().BeGreaterThan(1);
        SemanticTolerance.Default.Accepts(swapped).Should().BeFalse();
    }
}
