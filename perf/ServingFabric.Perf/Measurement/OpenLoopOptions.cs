namespace ServingFabric.Perf.Measurement;

/// <summary>How an open-loop run offers load.</summary>
/// <param name="Rate">Requests per second offered, whatever the answers.</param>
/// <param name="Arrivals">Constant or Poisson spacing.</param>
/// <param name="Warmup">Sends intended before this are not measured.</param>
/// <param name="Duration">Measured sending time after the warm-up.</param>
/// <param name="MaxOutstanding">Bound on unanswered requests; a send that would exceed it is skipped and counted as an error, so the generator itself never grows without bound.</param>
/// <param name="Seed">Seed of the Poisson gaps.</param>
internal sealed record OpenLoopOptions(double Rate, ArrivalProcess Arrivals, TimeSpan Warmup, TimeSpan Duration, int MaxOutstanding, int Seed)
{
    /// <summary>How long answers are awaited after the last send before the stragglers count as errors.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
