using System.Diagnostics;

namespace FaceChain.Bench;

/// <summary>The figures every benchmark reports: medians of timed runs and nearest-rank percentiles.</summary>
internal static class Statistics
{
    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="warmUp"/> times untimed, then <paramref name="iterations"/> times, and
    /// returns the median in milliseconds: other work on a shared machine inflates a mean far more.
    /// </summary>
    public static double MedianMs(int warmUp, int iterations, Action action)
    {
        for (var i = 0; i < warmUp; i++)
        {
            action();
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            samples[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        return (samples[(iterations - 1) / 2] + samples[iterations / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile of ascending values; NaN when there are none.</summary>
    public static double Percentile(double[] sorted, int percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
