using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Rollouts;

/// <summary>
/// Everything a canary release needs between evaluations; plain data so a grain can persist it. Only
/// <see cref="ICanaryPolicy"/> should change it.
/// </summary>
public sealed class CanaryState
{
    /// <summary>The version serving most traffic before and during the canary.</summary>
    public string StableVersion { get; set; } = "";

    /// <summary>The version being released.</summary>
    public string CanaryVersion { get; set; } = "";

    /// <summary>Index into the configured steps.</summary>
    public int StepIndex { get; set; }

    /// <summary>The canary's traffic share now, in percent.</summary>
    public double CanaryPercent { get; set; }

    /// <summary>Where the release stands.</summary>
    public CanaryStatus Status { get; set; }

    /// <summary>When the canary began.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When the current step began.</summary>
    public DateTimeOffset StepStartedAt { get; set; }

    /// <summary>Observations since the current step began (for the minimum sample per step).</summary>
    public ReleaseObservations Step { get; set; } = new();

    /// <summary>Observations since the canary began (for the tests and intervals, which span steps).</summary>
    public ReleaseObservations Total { get; set; } = new();

    /// <summary>Are failed requests over-represented in the canary?</summary>
    public CountTestMonitor ErrorTest { get; set; } = new();

    /// <summary>Are slow requests over-represented in the canary?</summary>
    public CountTestMonitor SlowTest { get; set; } = new();

    /// <summary>Does the canary get the share of requests it was configured to get?</summary>
    public CountTestMonitor SampleRatioTest { get; set; } = new();

    /// <summary>Is the canary's mean log-latency higher?</summary>
    public MsprtMonitor LatencyTest { get; set; } = new();

    /// <summary>Every decision that changed something, oldest first.</summary>
    public List<RolloutHistoryEntry> History { get; set; } = [];
}
