using System.Text.RegularExpressions;
using CircuitSpec.Claims;
using CircuitSpec.Features;
using CircuitSpec.Stimuli;
using CircuitSpec.Tests.Support;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Claims;

/// <summary>Property-based probing with FsCheck on a planted edge detector (unit 2 prefers edges at 0°, peak ≈ 14).</summary>
public sealed class PropertyClaimTests(ITestOutputHelper output)
{
    private static readonly double[] Directions = [0, 45, 90, 135, 180, 225, 270, 315];

    [Fact]
    public void A_true_property_holds_over_every_drawn_stimulus()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        model.Unit("edges_relu:2").Should()
            .RespondAbove(5, StimulusSpace.Edges((-30, 30), offset: (-1, 1)), tests: 40, because: "it is an edge detector for 0°")
            .And.StayAtMost(1e-3, StimulusSpace.Edges((150, 210)), tests: 40);
    }

    [Fact]
    public void A_false_property_shrinks_to_the_known_minimal_counter_example_with_a_picture_and_a_replay_seed()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var unit = model.Unit("edges_relu:2");
        var space = StimulusSpace.Edges((-180, 180), offset: (-3, 3));
        var act = () => unit.Should().StayAtMost(5, space, tests: 50);
        var message = act.Should().Throw<XunitException>().Which.Message;
        output.WriteLine(message);

        // Every edge near 0° violates it; shrinking walks to the centre of the region: orientation 0, offset 0.
        message.Should().Contain("minimal counter-example: orientation=0, offset=0: edge(orientation=0, offset=0, x=0, y=0) in rgb(1, 1, 1) on rgb(0, 0, 0) → response 14");
        var picture = Regex.Match(message, @"picture: (\S+\.png)").Groups[1].Value;
        File.Exists(picture).Should().BeTrue();
        Path.GetFullPath(picture).Should().StartWith(CircuitSpec.Runtime.RepositoryRoot.Artifacts("counterexamples"), "counter-examples are artifacts for review")
            .And.NotContain($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", "never inside the test binary's folder");
        var replay = Regex.Match(message, @"replay: \((\d+), (\d+)\)");
        replay.Success.Should().BeTrue("the message gives FsCheck's seed");

        var again = () => unit.Should().StayAtMost(5, space, tests: 50, replay: (ulong.Parse(replay.Groups[1].Value), ulong.Parse(replay.Groups[2].Value)));
        again.Should().Throw<XunitException>().Which.Message.Should().Contain("minimal counter-example: orientation=0, offset=0: edge(orientation=0, offset=0");

        // The verdict carries the picture as a value, not only as a line of text.
        Verdict? verdict = null;
        var scoped = () =>
        {
            using var scope = new FluentAssertions.Execution.AssertionScope();
            verdict = unit.Should().StayAtMost(5, space, tests: 50, replay: (ulong.Parse(replay.Groups[1].Value), ulong.Parse(replay.Groups[2].Value))).Which;
        };
        scoped.Should().Throw<XunitException>();
        verdict!.Pictures.Should().ContainSingle().Which.Should().Be(picture);
    }

    [Fact]
    public void A_threshold_crossed_only_far_from_the_centre_is_found_and_reported()
    {
        using var model = PlantedModels.OrientedEdges(Directions);
        var act = () => model.Unit("edges_relu:2").Should().RespondAbove(5, StimulusSpace.Edges((-120, 120)), tests: 100);
        var message = act.Should().Throw<XunitException>().Which.Message;
        output.WriteLine(message);
        var orientation = double.Parse(Regex.Match(message, @"counter-example: orientation=(-?[\d.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Math.Abs(orientation).Should().BeInRange(64, 120, "a cosine-tuned detector with peak 14 falls to 5 at about ±67° (read at the exact centre)");
    }
}
