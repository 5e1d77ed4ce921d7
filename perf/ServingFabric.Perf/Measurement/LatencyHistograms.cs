using System.Diagnostics;
using HdrHistogram;

namespace ServingFabric.Perf.Measurement;

/// <summary>HdrHistogram settings shared by every run: microseconds from 1 µs to 5 minutes at 3 significant digits.</summary>
internal static class LatencyHistograms
{
    private const long Lowest = 1;
    private const long Highest = 300_000_000;
    private const int Digits = 3;

    public static HistogramBase Create() => new LongHistogram(Lowest, Highest, Digits);

    /// <summary>
    /// A recorder many workers write into (concurrent counts) while the window loop takes interval snapshots without
    /// stopping them.
    /// </summary>
    public static Recorder CreateRecorder() =>
        HistogramFactory.With64BitBucketSize().WithValuesFrom(Lowest).WithValuesUpTo(Highest).WithPrecisionOf(Digits)
            .WithThreadSafeWrites().WithThreadSafeReads().Create();

    /// <summary>Whole microseconds since <paramref name="startTimestamp"/>, clamped into the histogram's range.</summary>
    public static long MicrosecondsSince(long startTimestamp)
    {
        var micros = (long)Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds;
        return Math.Clamp(micros, Lowest, Highest);
    }
}
