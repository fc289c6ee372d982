namespace CircuitSpec.Bench;

/// <summary>Command-line options: <c>--reps 9 --threads 2 --out artifacts/bench --run-specs --only 1,3</c>.</summary>
public sealed record Options(int Repetitions, int Threads, string Output, bool RunSpecs, int[] Only)
{
    public static Options Parse(string[] args, string repositoryRoot)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var repetitions = int.Parse(Value("--reps") ?? "9");
        if (repetitions < 5) throw new ArgumentException("--reps must be at least 5: each row is a median of at least five runs");
        return new Options(repetitions, int.Parse(Value("--threads") ?? Environment.ProcessorCount.ToString()),
            Value("--out") ?? Path.Combine(repositoryRoot, "artifacts", "bench"), args.Contains("--run-specs"),
            Value("--only")?.Split(',').Select(int.Parse).ToArray() ?? []);
    }

    /// <summary>Whether row group <paramref name="row"/> runs (<c>--only 1,3</c> picks groups; all by default).</summary>
    public bool Runs(int row) => Only.Length == 0 || Only.Contains(row);
}
