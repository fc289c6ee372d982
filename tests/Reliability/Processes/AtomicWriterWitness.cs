using CircuitSpec.Pictures;

namespace CircuitSpec.Tests.Reliability.Processes;

/// <summary>
/// Writes two different contents over one file again and again while a reader checks every read is one of them whole.
/// With <see cref="TargetVariable"/> set it writes to that file until it is killed (the child of <see cref="KilledWriterTests"/>).
/// </summary>
public sealed class AtomicWriterWitness
{
    public const string TargetVariable = "CIRCUITSPEC_WRITER_TARGET";
    public const string Method = $"CircuitSpec.Tests.Reliability.Processes.{nameof(AtomicWriterWitness)}.{nameof(Readers_see_the_old_file_or_the_new_one_never_a_part)}";

    // Large enough that a write takes many system calls, so a reader or a kill can land in the middle of one.
    public static readonly byte[] First = Enumerable.Repeat((byte)'a', 3 << 20).ToArray();
    public static readonly byte[] Second = Enumerable.Repeat((byte)'b', 2 << 20).ToArray();

    [Fact]
    public async Task Readers_see_the_old_file_or_the_new_one_never_a_part()
    {
        var target = Environment.GetEnvironmentVariable(TargetVariable);
        if (target is not null)
        {
            for (var i = 0; ; i++) AtomicFile.Write(target, i % 2 == 0 ? First : Second);
        }

        var folder = Directory.CreateTempSubdirectory("circuitspec-atomic-").FullName;
        try
        {
            var path = Path.Combine(folder, "Name.verified.png");
            AtomicFile.Write(path, First);
            var reads = 0;
            using var stop = new CancellationTokenSource();
            var reader = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var bytes = File.ReadAllBytes(path);
                    (bytes.AsSpan().SequenceEqual(First) || bytes.AsSpan().SequenceEqual(Second)).Should().BeTrue($"read {reads} must be one whole version, got {bytes.Length} bytes");
                    reads++;
                }
            }, TestContext.Current.CancellationToken);
            for (var i = 0; i < 40; i++) AtomicFile.Write(path, i % 2 == 0 ? Second : First);
            stop.Cancel();
            await reader;
            reads.Should().BePositive();
            Directory.GetFiles(folder).Should().ContainSingle("no temporary file outlives a completed write");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
