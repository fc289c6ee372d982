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
        Array.Sort(times);
        return repetitions % 2 == 1 ? times[repetitions / 2] : (times[repetitions / 2 - 1] + times[repetitions / 2]) / 2;
    }

    public static string Seconds(double seconds) => seconds >= 1 ? $"{seconds:F2} s" : $"{seconds * 1000:F1} ms";
}
