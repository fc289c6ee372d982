using System.Diagnostics;
using CircuitSpec.Measurements;

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
        return Median(times);
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
        return (Median(timesA), Median(timesB));
    }

    private static double Median(double[] times) => Statistics.Quantile(times.Order().ToArray(), 0.5);

    public static string Seconds(double seconds) => seconds >= 1 ? $"{seconds:F2} s" : $"{seconds * 1000:F1} ms";
}
