namespace CircuitSpec.Text;

/// <summary>"Did you mean": the valid names closest to a mistyped one.</summary>
public static class NearestNames
{
    public static IReadOnlyList<string> Find(string name, IEnumerable<string> candidates, int count = 5)
    {
        var wanted = Normalize(name);
        return candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Score: Score(wanted, Normalize(c))))
            .OrderBy(c => c.Score)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Name)
            .ToList();
    }

    private static string Normalize(string s) => s.ToLowerInvariant();

    // Edit distance, with a bonus when one name contains the other ("3b" finds "mixed3b").
    private static double Score(string a, string b)
    {
        var distance = (double)Levenshtein(a, b);
        if (a.Length > 0 && (b.Contains(a, StringComparison.Ordinal) || a.Contains(b, StringComparison.Ordinal)))
            distance -= Math.Min(a.Length, b.Length) / 2.0;
        return distance;
    }

    public static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
