using CircuitSpec.Pictures;

namespace CircuitSpec.Tests.Reliability.Processes;

/// <summary>A process killed (SIGKILL) while it writes a snapshot leaves the last complete file, never part of one.</summary>
public sealed class KilledWriterTests(ITestOutputHelper output)
{
    [Fact]
    public void A_writer_killed_mid_write_leaves_a_whole_file_and_its_leftovers_are_cleared_by_the_next_write()
    {
        var folder = Directory.CreateTempSubdirectory("circuitspec-killed-").FullName;
        try
        {
            var target = Path.Combine(folder, "Portrait.verified.png");
            using (var writer = ChildProcess.Start(AtomicWriterWitness.Method, new Dictionary<string, string> { [AtomicWriterWitness.TargetVariable] = target }))
            {
                var deadline = DateTime.UtcNow.AddMinutes(2);
                while (!File.Exists(target) && DateTime.UtcNow < deadline && !writer.HasExited) Thread.Sleep(20);
                File.Exists(target).Should().BeTrue("the child must have started writing:\n{0}", writer.HasExited ? writer.StandardOutput.ReadToEnd() : "");
                Thread.Sleep(Random.Shared.Next(200, 600)); // land somewhere inside the stream of writes
                writer.Kill(entireProcessTree: true);
                writer.WaitForExit();
            }

            var left = Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
            output.WriteLine($"after the kill: {string.Join(", ", left)}");
            var bytes = File.ReadAllBytes(target);
            (bytes.AsSpan().SequenceEqual(AtomicWriterWitness.First) || bytes.AsSpan().SequenceEqual(AtomicWriterWitness.Second))
                .Should().BeTrue($"the snapshot must be one complete version, not {bytes.Length} bytes of a cut write");

            AtomicFile.Write(target, [1, 2, 3]);
            Directory.GetFiles(folder).Select(Path.GetFileName).Should().Equal(["Portrait.verified.png"], "the killed writer's temporary file is removed");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
