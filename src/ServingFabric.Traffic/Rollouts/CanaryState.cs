using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Rollouts;

/// <summary>
/// Everything a canary release needs between evaluations; plain data so a grain can persist it. Only
/// <see cref="ICanaryPolicy"/> should change it.
/// </summary>
[GenerateSerializer, Alias("sf.CanaryState")]
public sealed class CanaryState
{
    /// <summary>The version serving most traffic before and during the canary.</summary>
    [Id(0)]
    public string StableVersion { get; set; } = "";

    /// <summary>The version being released.</summary>
    [Id(1)]
    public string CanaryVersion { get; set; } = "";

    /// <summary>Index into the configured steps.</summary>
    [Id(2)]
    public int StepIndex { get; set; }

    /// <summary>The canary's traffic share now, in percent.</summary>
    [Id(3)]
    public double CanaryPercent { get; set; }

    /// <summary>Where the release stands.</summary>
    [Id(4)]
    public CanaryStatus Status { get; set; }

    /// <summary>When the canary began.</summary>
    [Id(5)]
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When the current step began.</summary>
    [Id(6)]
    public DateTimeOffset StepStartedAt { get; set; }

    /// <summary>Observations since the current step began (for the minimum sample per step).</summary>
    [Id(7)]
    public ReleaseObservations Step { get; set; } = new();

    /// <summary>Observations since the canary began (for the tests and intervals, which span steps).</summary>
    [Id(8)]
    public ReleaseObservations Total { get; set; } = new();

    /// <summary>Are failed requests over-represented in the canary?</summary>
    [Id(9)]
    public CountTestMonitor ErrorTest { get; set; } = new();

    /// <summary>Are slow requests over-represented in the canary?</summary>
    [Id(10)]
    public CountTestMonitor SlowTest { get; set; } = new();

    /// <summary>Does the canary get the share of requests it was configured to get?</summary>
    [Id(11)]
    public CountTestMonitor SampleRatioTest { get; set; } = new();

    /// <summary>Is the canary's mean log-latency higher?</summary>
    [Id(12)]
    public MsprtMonitor LatencyTest { get; set; } = new();

    /// <summary>Every decision that changed something, oldest first.</summary>
    [Id(13)]
    public List<RolloutHistoryEntry> History { get; set; } = [];

    /// <summary>
    /// Observations of each finished step, oldest first. Latency is compared within each step and the differences
    /// combined, because the split changes between steps while the machine's speed drifts: pooling across steps would
    /// credit the canary with whatever the machine did while it had the larger share (Simpson's paradox).
    /// </summary>
    [Id(14)]
    public List<ReleaseObservations> CompletedSteps { get; set; } = [];
}
