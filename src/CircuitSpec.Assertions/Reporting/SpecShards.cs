using System.Globalization;

namespace CircuitSpec.Reporting;

/// <summary>What a shard holds whole: test classes (the default, so that a class fixture loads its model once), or single tests.</summary>
public enum ShardUnit { Class, Test }

/// <summary>One shard of a spec suite: its test classes (or tests), their seconds in the last run, and the <c>dotnet test --filter</c> that runs it.</summary>
public sealed record SpecShard(int Index, IReadOnlyList<string> Members, double Seconds, string Filter)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"shard {Index + 1}: {Members.Count} member(s), {Seconds:F0} s in the last run");
}

/// <summary>
/// Splits a spec suite into shards that CI runners run side by side, whole test classes at a time, balanced by the
/// last run's seconds per class (longest first, each to the lightest shard). The last shard runs every class the
/// others do not name, so a class new since the timings were taken still runs, once. A suite of few classes can be
/// split by single tests instead.
/// </summary>
public static class SpecShards
{
    public static IReadOnlyList<SpecShard> Plan(IReadOnlyDictionary<string, double> seconds, int count, ShardUnit unit = ShardUnit.Class)
    {
        if (count < 1) throw new Errors.CircuitSpecException($"A suite splits into at least one shard, not {count}.");
        var classes = new List<string>[count];
        var load = new double[count];
        for (var i = 0; i < count; i++) classes[i] = [];
        foreach (var (name, time) in seconds.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            var lightest = Array.IndexOf(load, load.Min());
            classes[lightest].Add(name);
            load[lightest] += time;
        }
        var sorted = classes.Select(c => c.Order(StringComparer.Ordinal).ToList()).ToList();
        var named = sorted.Take(count - 1).SelectMany(c => c).Order(StringComparer.Ordinal).ToList();
        return Enumerable.Range(0, count).Select(i => new SpecShard(i, sorted[i], load[i], i < count - 1 ? Any(sorted[i], unit) : None(named, unit))).ToList();
    }

    /// <summary>
    /// Classes (or tests) named by tests' fully qualified names, one per line as <c>dotnet test --list-tests</c> prints
    /// them, each test weighing one second; a theory's cases count as its one test.
    /// </summary>
    public static Dictionary<string, double> CountsBy(IEnumerable<string> testNames, ShardUnit unit = ShardUnit.Class)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in testNames.Select(l => l.Trim().Split('(')[0]).Where(l => l.Length > 0).Distinct())
        {
            var key = unit == ShardUnit.Test ? name : name.LastIndexOf('.') is var dot and > 0 ? name[..dot] : null;
            if (key is not null) counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    // A class's tests are those whose fully qualified name contains "Class." (the dot keeps CurveSpecs from matching
    // CurveSpecsTwo); a test is its fully qualified name exactly (every case of a theory).
    private static string Any(IReadOnlyList<string> members, ShardUnit unit) =>
        members.Count == 0 ? "FullyQualifiedName=CircuitSpec.EmptyShard"
            : string.Join("|", members.Select(m => unit == ShardUnit.Class ? $"FullyQualifiedName~{m}." : $"FullyQualifiedName={m}"));

    private static string None(IReadOnlyList<string> members, ShardUnit unit) =>
        string.Join("&", members.Select(m => unit == ShardUnit.Class ? $"FullyQualifiedName!~{m}." : $"FullyQualifiedName!={m}"));
}
