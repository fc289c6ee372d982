using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CircuitSpec.Bench;
using CircuitSpec.Bench.Rows;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;

// dotnet run -c Release --project bench/CircuitSpec.Bench [-- --reps 9 --threads N --out artifacts/bench --run-specs --only 1,3]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// On glibc, a process needs its allocator tuned from the start (NativeAllocator): run again so, where it was not.
if (NativeAllocator.RestartTuned(args) is { } exitCode) return exitCode;
var root = RepositoryRoot.Above(AppContext.BaseDirectory) ?? Environment.CurrentDirectory;
// dotnet run -c Release --project bench/CircuitSpec.Bench -- calibrate-snapshots [--models resnet18,…]: the snapshot check's thresholds.
if (args is ["calibrate-snapshots", ..]) return CircuitSpec.Bench.Calibration.SnapshotCalibration.Run(args, root);
// Row 7's child process: one runtime's memory over the forward loop, in a process of its own.
if (args is ["memory-loop", _, ..]) return MemoryRow.Loop(args, root);
var options = Options.Parse(args, root);
TorchRuntime.MakeDeterministic(options.Threads, seed: 0);
var machine = Machine.Describe(options.Threads);
Console.Error.WriteLine($"CircuitSpec benchmark on {machine}; median of {options.Repetitions} runs per measurement");
var watch = Stopwatch.StartNew();

using var model = ModelZoo.ResNet18();
var rows = new List<BenchRow>();
void Add(BenchRow row)
{
    rows.Add(row);
    Console.Error.WriteLine($"[{watch.Elapsed.TotalSeconds:F0} s] {row.Name}: {row.Measured}");
}
if (options.Runs(1) || options.Runs(2)) foreach (var row in ForwardRows.Run(model, options)) Add(row);
if (options.Runs(3)) Add(SweepRow.Run(model, options));
if (options.Runs(4) || options.Runs(5)) foreach (var row in StimulusRows.Run(model, options)) Add(row);
if (options.Runs(6)) Add(SpecsRow.Run(root, options));
if (options.Runs(7)) Add(MemoryRow.Run(options));
if (options.Runs(8)) Add(DiscoveryRow.Run(model, options));
if (options.Runs(9)) Add(VisualizationRow.Run(root, options));

var table = new StringBuilder();
table.AppendLine($"Machine: {machine}. Median of {options.Repetitions} warm runs; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; the benchmark took {watch.Elapsed.TotalMinutes:F1} min.");
table.AppendLine();
table.AppendLine("| row | measured | ratio | goal | met |");
table.AppendLine("|---|---|---:|---|---|");
foreach (var row in rows)
    table.AppendLine($"| {row.Name} | {row.Measured} | {(row.Ratio is { } r ? $"{r:F2}" : "")} | {row.Goal} | {row.Met switch { true => "yes", false => "**no**", null => "" }} |");
Console.WriteLine(table);

AtomicFile.WriteText(Path.Combine(options.Output, "results.md"), $"# CircuitSpec benchmark\n\n{table}");
AtomicFile.WriteText(Path.Combine(options.Output, "results.json"), JsonSerializer.Serialize(new
{
    machine,
    repetitions = options.Repetitions,
    threads = options.Threads,
    utc = DateTime.UtcNow,
    minutes = watch.Elapsed.TotalMinutes,
    rows,
}, new JsonSerializerOptions { WriteIndented = true }));
Console.Error.WriteLine($"wrote {Path.Combine(options.Output, "results.md")} and results.json");
return rows.Any(r => r.Met == false) ? 2 : 0;
