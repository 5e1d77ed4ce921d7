namespace ServingFabric.Chaos.Load;

/// <summary>
/// One request of the open loop: when it was due (seconds since the load started), how long it took from then
/// (milliseconds), which path carried it, and why it failed (null when it succeeded with the right answer).
/// </summary>
internal sealed record RequestRecord(double DueAt, double LatencyMs, string Path, string? Failure)
{
    public bool Succeeded => Failure is null;

    /// <summary>Seconds from the run's start until the request ended (its due time plus its latency).</summary>
    public double EndedAt => DueAt + (LatencyMs / 1000);
}
