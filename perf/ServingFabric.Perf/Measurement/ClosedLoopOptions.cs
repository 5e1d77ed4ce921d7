namespace ServingFabric.Perf.Measurement;

/// <summary>How a closed-loop run is timed.</summary>
/// <param name="Concurrency">Clients, each sending its next request as soon as the previous one is answered.</param>
/// <param name="Warmup">Load before measuring; its results are discarded (JIT, connection pools, ORT arenas).</param>
/// <param name="Window">Length of one throughput window of the stability rule.</param>
/// <param name="MinWindows">Windows measured at least, stable or not.</param>
/// <param name="MaxMeasure">Measuring stops here even when the stability rule was not met (the run is marked unstable).</param>
internal sealed record ClosedLoopOptions(int Concurrency, TimeSpan Warmup, TimeSpan Window, int MinWindows, TimeSpan MaxMeasure)
{
    public StabilityRule Stability { get; init; } = new();

    /// <summary>CPU time the silo processes have used so far, when they run apart from this one; read at the start and end of measuring.</summary>
    public Func<TimeSpan>? ServerCpu { get; init; }
}
