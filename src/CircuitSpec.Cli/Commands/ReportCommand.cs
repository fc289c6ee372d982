using System.CommandLine;
using CircuitSpec.Errors;
using CircuitSpec.Reporting;

namespace CircuitSpec.Cli.Commands;

/// <summary>
/// <c>circuitspec report shard</c> and <c>circuitspec report merge</c>: a spec suite split across CI runners, and the
/// runners' results joined into one report.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var command = new Command("report", "Split a spec suite into shards for several CI runners, and merge their results into one report.");
        command.Subcommands.Add(Shard());
        command.Subcommands.Add(Merge());
        return command;
    }

    // circuitspec report shard --count 3 --index 1 --timings last/*.junit.xml [--tests list.txt]
    private static Command Shard()
    {
        var count = new Option<int>("--count") { Description = "How many shards the suite is split into.", Required = true };
        var index = new Option<int>("--index") { Description = "Which shard to print the filter of, from 1.", Required = true };
        var timings = new Option<string[]>("--timings") { Description = "JUnit XML of an earlier run (files or folders), to balance by its seconds per class.",
            AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
        var tests = new Option<string?>("--tests") { Description = "Test names, one per line (dotnet test --list-tests), for classes without timings." };
        var by = new Option<ShardUnit>("--by") { Description = "What a shard holds whole: Class (default) or Test.", DefaultValueFactory = _ => ShardUnit.Class };
        var shard = new Command("shard", "Print the dotnet test --filter of one shard (whole test classes, balanced by the last run's timings).")
            { count, index, timings, tests, by };
        shard.SetAction(parse =>
        {
            var (n, i) = (parse.GetValue(count), parse.GetValue(index));
            if (i < 1 || i > n) throw new CircuitSpecException($"--index {i} is not a shard of {n}; shards are numbered 1 to {n}.");
            var unit = parse.GetValue(by);
            var seconds = JUnitMerge.SecondsBy(Files(parse.GetValue(timings)!, "*.junit.xml"), unit);
            if (parse.GetValue(tests) is { } list)
            {
                // A class the timings do not know weighs as a typical one; without timings, one second per test.
                var typical = seconds.Count > 0 ? seconds.Values.Order().ElementAt(seconds.Count / 2) : (double?)null;
                foreach (var (name, testCount) in SpecShards.CountsBy(File.ReadAllLines(Existing(list)), unit))
                    seconds.TryAdd(name, typical ?? testCount);
            }
            if (seconds.Count == 0) throw new CircuitSpecException("No test classes to split: give --timings (JUnit XML of an earlier run) or --tests (a list of tests).");
            var plan = SpecShards.Plan(seconds, n, unit);
            foreach (var s in plan) Console.Error.WriteLine(s);
            Console.WriteLine(plan[i - 1].Filter);
            return 0;
        });
        return shard;
    }

    // circuitspec report merge --out artifacts/merged shard-1 shard-2 ...
    private static Command Merge()
    {
        var shards = new Argument<string[]>("shards") { Description = "The shards' artifact folders (each with report/index.json and test-results/*.junit.xml), " +
            "or their index.json files.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Where the merged report/index.html and test-results/merged.junit.xml go.",
            DefaultValueFactory = _ => Path.Combine("artifacts", "merged") };
        var merge = new Command("merge", "Merge the shards' run records and JUnit XML into one report, as one unsplit run would have written it.") { shards, output };
        merge.SetAction(parse =>
        {
            var inputs = parse.GetValue(shards)!;
            var records = inputs.Select(s => File.Exists(s) ? s : Path.Combine(Existing(s), "report", "index.json")).ToList();
            // A shard whose filter matched no spec (more shards than classes) writes no report; it has nothing to merge.
            foreach (var missing in records.Where(r => !File.Exists(r))) Console.Error.WriteLine($"no run record at {missing}: that shard ran no specs");
            records = [.. records.Where(File.Exists)];
            var junit = Files(inputs.Where(Directory.Exists).Select(s => Path.Combine(s, "test-results")).Where(Directory.Exists), "*.junit.xml").ToList();
            var folder = parse.GetValue(output)!;
            var merged = RunRecord.Merge(records.Select(RunRecord.Load).ToList());
            var reportPath = Path.Combine(folder, "report", "index.html");
            merged.Save(RunRecord.PathBeside(reportPath));
            Console.WriteLine($"report: {merged.WriteReport(reportPath)} ({merged.Specs.Count} specs, {merged.Verdicts.Count} verdicts from {records.Count} shards)");
            if (junit.Count > 0) Console.WriteLine($"junit: {JUnitMerge.Merge(junit, Path.Combine(folder, "test-results", "merged.junit.xml"))} ({junit.Count} files)");
            return 0;
        });
        return merge;
    }

    private static IEnumerable<string> Files(IEnumerable<string> paths, string pattern) =>
        paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, pattern).Order(StringComparer.Ordinal) : (IEnumerable<string>)[Existing(p)]);

    private static string Existing(string path) =>
        File.Exists(path) || Directory.Exists(path) ? path : throw new CircuitSpecException($"'{path}' does not exist.");
}
