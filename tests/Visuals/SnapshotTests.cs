using CircuitSpec.Pictures;
using CircuitSpec.Snapshots;
using Xunit.Sdk;

namespace CircuitSpec.Tests.Visuals;

/// <summary>Verify's convention in our own layer: verified/received/diff files, tolerance, the failure block, accepting.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("circuitspec-snapshots-");
    private string SourceFile => Path.Combine(_folder.FullName, "ExampleSpecs.cs");

    public void Dispose() => _folder.Delete(recursive: true);

    private static Picture Gradient(int shift = 0, int spot = 0)
    {
        var rgba = new byte[64 * 48 * 4];
        for (var y = 0; y < 48; y++)
        for (var x = 0; x < 64; x++)
        {
            var o = (y * 64 + x) * 4;
            rgba[o] = (byte)Math.Clamp(x * 4 + shift, 0, 255);
            rgba[o + 1] = (byte)(y * 5);
            rgba[o + 2] = (byte)(x < spot && y < spot ? 255 : 40);
            rgba[o + 3] = 255;
        }
        return new Picture(64, 48, rgba);
    }

    private Task<FluentAssertions.AndWhichConstraint<PictureAssertions, SnapshotCheck>> Match(Picture picture, string? name = null) =>
        picture.Should().MatchSnapshot(name: name, sourceFile: SourceFile, method: "Curve_detector");

    [Fact]
    public async Task A_missing_snapshot_fails_and_is_written_as_received_never_verified()
    {
        var act = () => Match(Gradient());
        var message = (await act.Should().ThrowAsync<XunitException>()).Which.Message;
        message.Should().Contain($"Directory: {_folder.FullName}\nNew:\n  - Received: ExampleSpecs.Curve_detector.received.png\n    Verified: ExampleSpecs.Curve_detector.verified.png");
        File.Exists(Path.Combine(_folder.FullName, "ExampleSpecs.Curve_detector.received.png")).Should().BeTrue();
        File.Exists(Path.Combine(_folder.FullName, "ExampleSpecs.Curve_detector.verified.png")).Should().BeFalse();
    }

    [Fact]
    public async Task An_accepted_snapshot_matches_the_same_picture_and_one_within_tolerance()
    {
        await ((Func<Task>)(() => Match(Gradient()))).Should().ThrowAsync<XunitException>();
        SnapshotExtensions.AcceptAll(_folder.FullName).Should().ContainSingle().Which.Should().EndWith("ExampleSpecs.Curve_detector.verified.png");
        await Match(Gradient());
        await Match(Gradient(shift: 1)); // a one-level shift, as another machine's rounding gives
        File.Exists(Path.Combine(_folder.FullName, "ExampleSpecs.Curve_detector.received.png")).Should().BeFalse();
    }

    [Fact]
    public async Task A_changed_picture_fails_with_verifys_block_and_leaves_received_and_diff_beside_it()
    {
        Gradient().SavePng(Path.Combine(_folder.FullName, "ExampleSpecs.Curve_detector_3b.verified.png"));
        var act = () => Match(Gradient(spot: 20), name: "3b");
        var message = (await act.Should().ThrowAsync<XunitException>()).Which.Message;
        message.Should().Contain("it differs from the verified snapshot: mean absolute difference 9.33 (tolerance 2); 13.02 % of pixels differ by more than 48 (tolerance 1.00 %); largest " +
            "channel difference 215")
            .And.Contain($"Directory: {_folder.FullName}\nNotEqual:\n  - Received: ExampleSpecs.Curve_detector_3b.received.png\n    Verified: ExampleSpecs.Curve_detector_3b.verified.png\n    " +
                $"Diff: ExampleSpecs.Curve_detector_3b.diff.png");
        var diff = Picture.Load(Path.Combine(_folder.FullName, "ExampleSpecs.Curve_detector_3b.diff.png"));
        diff.Rgba[2].Should().BeLessThan(255, "the changed corner (its blue channel) is dark in the diff");
        diff.Rgba[(47 * 64 + 63) * 4].Should().Be(255, "unchanged pixels are white");
    }

    [Fact]
    public async Task A_resized_picture_fails_naming_both_sizes()
    {
        Gradient().Resized(32, 24).SavePng(Path.Combine(_folder.FullName, "ExampleSpecs.Curve_detector.verified.png"));
        var act = () => Match(Gradient());
        (await act.Should().ThrowAsync<XunitException>()).Which.Message.Should().Contain("the size changed from 32×24 to 64×48");
    }

    [Fact]
    public void Pictures_are_written_atomically_and_identically()
    {
        var path = Path.Combine(_folder.FullName, "a.png");
        Gradient().SavePng(path);
        var first = File.ReadAllBytes(path);
        Gradient().SavePng(path);
        File.ReadAllBytes(path).Should().Equal(first);
        Directory.GetFiles(_folder.FullName).Should().ContainSingle("no temporary file is left behind");
        Picture.Load(path).Rgba.ToArray().Should().Equal(Gradient().Rgba.ToArray());
    }

    [Fact]
    public void A_source_path_mapped_by_a_ci_build_is_found_again_beside_the_real_source_file()
    {
        var folder = SourceFolder.Of("/_/tests/Visuals/SnapshotTests.cs");

        File.Exists(Path.Combine(folder, "SnapshotTests.cs")).Should().BeTrue("'/_/' stands for the repository root in a ContinuousIntegrationBuild, found here as {0}", folder);
        SourceFolder.MappedRelativePath("/_1/specs/InceptionV1").Should().Be("specs/InceptionV1");
        SourceFolder.MappedRelativePath("/home/me/specs").Should().BeNull();
        var missing = () => SourceFolder.Of("/_/no/such/folder/Specs.cs");
        missing.Should().Throw<CircuitSpec.Errors.CircuitSpecException>().WithMessage("*'/_/no/such/folder'*CIRCUITSPEC_SOURCE_ROOT*");
    }
}
