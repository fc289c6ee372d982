using System.Diagnostics;

namespace CircuitSpec.Bench;

/// <summary>Warm runs, then the median of repeated timings (seconds): absolute times vary between machines, ratios less.</summary>
public static class Timing
{
    public static double Median(Action work, int repetitions, int warmUp = 1)
    {
        for (var i = 0; i < warmUp; i++) work();
        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            times[i] = watch.Elapsed.TotalSeconds;
        }
        return MedianOf(times);
    }

    /// <summary>
    /// Medians of two pieces of work timed in alternation (A B, B A, A B, …), so that both see the same machine: on a
    /// shared or throttled machine, timing one after the other moves the ratio by more than the effect measured.
    /// </summary>
    public static (double A, double B) Interleaved(Action a, Action b, int repetitions, int warmUp = 1)
    {
        for (var i = 0; i < warmUp; i++)
        {
            a();
            b();
        }
        var (timesA, timesB) = (new double[repetitions], new double[repetitions]);
        for (var i = 0; i < repetitions; i++)
        {
            foreach (var first in i % 2 == 0 ? new[] { true, false } : [false, true])
            {
                var watch = Stopwatch.StartNew();
                (first ? a : b)();
                (first ? timesA : timesB)[i] = watch.Elapsed.TotalSeconds;
            }
        }
        return (MedianOf(timesA), MedianOf(timesB));
    }

    private static double MedianOf(double[] times)
    {
        var sorted = times.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Seconds(double seconds) => seconds >= 1 ? $"{seconds:F2} s" : $"{seconds * 1000:F1} ms";
}
