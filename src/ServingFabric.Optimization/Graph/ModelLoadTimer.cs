using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace ServingFabric.Optimization.Graph;

/// <summary>How long ONNX Runtime takes to make a session of a model, as a silo makes it (every optimization on).</summary>
public static class ModelLoadTimer
{
    /// <summary>The median of <paramref name="repeats"/> loads, after one unmeasured load that warms the native library.</summary>
    public static TimeSpan Median(byte[] model, int repeats = 5)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        Load(model);
        var times = new TimeSpan[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Load(model);
            times[i] = Stopwatch.GetElapsedTime(started);
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    private static void Load(byte[] model)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model, options);
    }
}
