using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Rollouts;

/// <summary>
/// What one version (arm) saw: requests, failed requests, slow requests, log-latency and feedback reward.
/// Fronts keep one per arm and flush it as a delta; merging is exact, so deltas may arrive in any grouping.
/// </summary>
[GenerateSerializer, Alias("sf.ArmObservations")]
public sealed record ArmObservations
{
    /// <summary>Requests served.</summary>
    [Id(0)]
    public long Requests { get; set; }

    /// <summary>Requests that failed.</summary>
    [Id(1)]
    public long Errors { get; set; }

    /// <summary>Requests slower than the control's p95 measured before the release began (classified by the caller).</summary>
    [Id(2)]
    public long SlowRequests { get; set; }

    /// <summary>Natural log of latency in milliseconds; the log because latency is right-skewed and effects are ratios.</summary>
    [Id(3)]
    public MeanAccumulator LogLatency { get; set; } = new();

    /// <summary>Reward sent to the feedback endpoint (only requests that got feedback).</summary>
    [Id(4)]
    public MeanAccumulator Reward { get; set; } = new();

    /// <summary>Failed requests as k of n.</summary>
    public EventAccumulator ErrorEvents() => new() { Events = Errors, Count = Requests };

    /// <summary>Records one request.</summary>
    public void RecordRequest(TimeSpan latency, bool failed, bool slow)
    {
        Requests++;
        Errors += failed ? 1 : 0;
        SlowRequests += slow ? 1 : 0;

        // A floor keeps a zero latency (a cache hit timed coarsely) from becoming -∞.
        LogLatency.Add(Math.Log(Math.Max(latency.TotalMilliseconds, 1e-3)));
    }

    /// <summary>Records one feedback reward.</summary>
    public void RecordReward(double reward) => Reward.Add(reward);

    /// <summary>Adds everything <paramref name="other"/> saw.</summary>
    public void Merge(ArmObservations other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Requests += other.Requests;
        Errors += other.Errors;
        SlowRequests += other.SlowRequests;
        LogLatency.Merge(other.LogLatency);
        Reward.Merge(other.Reward);
    }

    /// <summary>An independent deep copy.</summary>
    public ArmObservations Copy() => this with { LogLatency = LogLatency.Copy(), Reward = Reward.Copy() };
}
