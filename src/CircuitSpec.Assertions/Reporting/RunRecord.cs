using System.Text.Json;
using System.Text.Json.Serialization;
using CircuitSpec.Claims;
using CircuitSpec.Pictures;
using CircuitSpec.Runtime;
using CircuitSpec.Snapshots;

namespace CircuitSpec.Reporting;

/// <summary>
/// What a run of specs recorded (verdicts, snapshot checks, the specs' outcomes), saved as JSON beside its report
/// (<c>index.html</c> → <c>index.json</c>), so that the runs of one suite split across machines (shards) merge into
/// the report one unsplit run would have written (<c>circuitspec report merge</c>).
/// </summary>
public sealed record RunRecord(string Title, IReadOnlyList<Verdict> Verdicts, IReadOnlyList<SnapshotCheck> Snapshots, IReadOnlyList<SpecResult> Specs)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>The math libraries' mode the run computed in (<see cref="MathLibrary.Describe"/>), shown in its report.</summary>
    public string? Math { get; init; }

    /// <summary>The repository the run's picture paths are under, so that another checkout can find them (null outside one).</summary>
    public string? Root { get; init; }

    /// <summary>Everything recorded in this process (<see cref="VerdictLog"/>, <see cref="SnapshotLog"/>) with the specs' outcomes.</summary>
    public static RunRecord Recorded(string title, IReadOnlyList<SpecResult> specs) =>
        new(title, VerdictLog.All, SnapshotLog.All, specs)
        {
            Math = MathLibrary.Describe(),
            Root = RepositoryRoot.Above(Environment.CurrentDirectory) ?? RepositoryRoot.Above(AppContext.BaseDirectory),
        };

    /// <summary>The record of a report: <c>index.html</c> → <c>index.json</c>.</summary>
    public static string PathBeside(string reportPath) => Path.ChangeExtension(reportPath, ".json");

    public string Save(string path)
    {
        var full = Path.GetFullPath(path);
        AtomicFile.WriteText(full, JsonSerializer.Serialize(this, Json));
        return full;
    }

    /// <summary>Reads a saved record; picture paths under the recording repository are moved to the repository the file is in.</summary>
    public static RunRecord Load(string path)
    {
        RunRecord? record;
        try { record = JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new Errors.CircuitSpecException($"'{path}' is not a CircuitSpec run record (index.json beside a report): {e.Message}", e); }
        if (record is null) throw new Errors.CircuitSpecException($"'{path}' is empty; a run record is written beside each report as index.json.");
        var here = RepositoryRoot.Above(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return record.Root is null || here is null || record.Root == here ? record : record.Rebased(record.Root, here);
    }

    /// <summary>The records of shards as one: their verdicts, snapshots and specs together, under the first one's title.</summary>
    public static RunRecord Merge(IReadOnlyList<RunRecord> shards)
    {
        if (shards.Count == 0) throw new Errors.CircuitSpecException("There are no run records to merge.");
        var duplicated = shards.SelectMany(s => s.Specs.Select(r => r.Test).Distinct()).GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicated.Count > 0)
            throw new Errors.CircuitSpecException(
                $"{duplicated.Count} spec(s) ran in more than one shard, e.g. '{duplicated[0]}'; shards must not overlap (see circuitspec report shard).");
        return new RunRecord(shards[0].Title, [.. shards.SelectMany(s => s.Verdicts)], [.. shards.SelectMany(s => s.Snapshots)], [.. shards.SelectMany(s => s.Specs)])
        {
            Math = string.Join("; ", shards.Select(s => s.Math).OfType<string>().Distinct()) is { Length: > 0 } math ? math : null,
            Root = shards[0].Root,
        };
    }

    /// <summary>Writes the HTML report of this record.</summary>
    public string WriteReport(string path) => HtmlReport.Write(path, Verdicts, [], Title, Snapshots, Specs, Math);

    private RunRecord Rebased(string from, string to)
    {
        string Move(string p) => p.StartsWith(from + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !File.Exists(p) ? to + p[from.Length..] : p;
        string? MoveOptional(string? p) => p is null ? null : Move(p);
        return this with
        {
            Root = to,
            Verdicts = [.. Verdicts.Select(v => v with { Pictures = [.. v.Pictures.Select(Move)] })],
            Snapshots = [.. Snapshots.Select(s => s with { Verified = Move(s.Verified), Received = MoveOptional(s.Received), Diff = MoveOptional(s.Diff) })],
        };
    }
}
