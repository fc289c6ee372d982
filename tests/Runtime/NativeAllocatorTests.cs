using System.Xml.Linq;
using CircuitSpec.Runtime;
using CircuitSpec.Tests.Reliability.Processes;

namespace CircuitSpec.Tests.Runtime;

/// <summary>
/// CircuitSpec's processes start with glibc's allocator tuned (<see cref="NativeAllocator.Tunables"/>): the test
/// processes through circuitspec.runsettings, programs by restarting themselves (<see cref="NativeAllocator.RestartTuned"/>).
/// </summary>
public sealed class NativeAllocatorTests
{
    private const string Witness = $"CircuitSpec.Tests.Runtime.{nameof(NativeAllocatorTests)}.{nameof(A_process_started_without_the_tunables_runs_again_with_them)}";
    private const string Theirs = "glibc.malloc.perturb=0";
    private const string Expected = "CIRCUITSPEC_TEST_EXPECTED_TUNABLES";

    [Fact]
    public void The_test_process_started_with_the_tunables()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "glibc's tunables are read on Linux only");
        NativeAllocator.ProcessTuned.Should().BeTrue("circuitspec.runsettings sets GLIBC_TUNABLES={0}, but the process has '{1}'",
            NativeAllocator.Tunables, Environment.GetEnvironmentVariable("GLIBC_TUNABLES"));
    }

    [Fact]
    public void The_test_process_lets_libtorchs_threads_sleep_between_parallel_regions()
    {
        Environment.GetEnvironmentVariable("OMP_WAIT_POLICY").Should().Be("PASSIVE", "circuitspec.runsettings sets it: tests run in parallel, more threads than cores");
    }

    [Fact]
    public void The_spec_template_starts_its_tests_with_the_same_environment()
    {
        var root = RepositoryRoot.Above(AppContext.BaseDirectory)!;
        static Dictionary<string, string> Variables(string path) =>
            XDocument.Load(path).Descendants("EnvironmentVariables").Elements().ToDictionary(e => e.Name.LocalName, e => e.Value);
        var ours = Variables(Path.Combine(root, "circuitspec.runsettings"));
        ours.Should().ContainKeys("GLIBC_TUNABLES", "OMP_WAIT_POLICY");
        ours["GLIBC_TUNABLES"].Should().Be(NativeAllocator.Tunables);
        Variables(Path.Combine(root, "src", "Templates", "content", "circuitspec-specs", "circuitspec.runsettings")).Should().Equal(ours);
    }

    [Fact]
    public void The_tunables_join_the_users_own_and_replace_only_the_same_names()
    {
        NativeAllocator.WithTunables(null).Should().Be(NativeAllocator.Tunables);
        NativeAllocator.WithTunables("glibc.malloc.arena_max=4:glibc.malloc.tcache_count=0")
            .Should().Be("glibc.malloc.tcache_count=0:" + NativeAllocator.Tunables);
    }

    // Run as a child process without the tunables: it must start itself again with them, the user's own kept (as the
    // parent test expects).
    [Fact]
    public void A_process_started_without_the_tunables_runs_again_with_them()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "glibc's tunables are read on Linux only");
        if (NativeAllocator.ProcessTuned)
        {
            Environment.GetEnvironmentVariable("GLIBC_TUNABLES").Should().Be(Environment.GetEnvironmentVariable(Expected) ?? NativeAllocator.Tunables);
            return;
        }
        var exitCode = NativeAllocator.RestartTuned(["-method", Witness, "-noColor"]);
        exitCode.Should().Be(0, "the restarted process checks its tunables");
        Environment.GetEnvironmentVariable("GLIBC_TUNABLES").Should().Be(Theirs, "this process itself is the untuned one");
    }

    [Fact]
    public void A_child_without_the_tunables_restarts_with_them_and_keeps_the_users_own()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "glibc's tunables are read on Linux only");
        var (exitCode, printed) = ChildProcess.Run(Witness, new Dictionary<string, string>
        {
            ["GLIBC_TUNABLES"] = Theirs,
            [Expected] = $"{Theirs}:{NativeAllocator.Tunables}",
        }, TimeSpan.FromMinutes(2));
        exitCode.Should().Be(0, "the child and its restarted self check their tunables:\n{0}", ChildProcess.FailureOf(printed));
        printed.Split("Total: 1, Errors: 0, Failed: 0").Should().HaveCount(3, "the child ran the witness, and so did its restarted self:\n{0}", printed);
    }
}
