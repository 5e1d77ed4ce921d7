using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Rollouts;

/// <summary>
/// Everything an A/B test needs between evaluations; plain data so a grain can persist it. Only
/// <see cref="IAbTestPolicy"/> should change it.
/// </summary>
[GenerateSerializer, Alias("sf.AbTestState")]
public sealed class AbTestState
{
    /// <summary>Arm A, kept when the test is inconclusive.</summary>
    [Id(0)]
    public string ControlVersion { get; set; } = "";

    /// <summary>Arm B.</summary>
    [Id(1)]
    public string TreatmentVersion { get; set; } = "";

    /// <summary>The treatment's configured share of traffic, in percent.</summary>
    [Id(2)]
    public double TreatmentPercent { get; set; }

    /// <summary>Where the test stands.</summary>
    [Id(3)]
    public AbTestStatus Status { get; set; }

    /// <summary>When the test began.</summary>
    [Id(4)]
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Observations since the test began (Control = A, Candidate = B).</summary>
    [Id(5)]
    public ReleaseObservations Total { get; set; } = new();

    /// <summary>The two-sided mSPRT on the primary metric.</summary>
    [Id(6)]
    public MsprtMonitor PrimaryTest { get; set; } = new();

    /// <summary>Does the treatment get the share of requests it was configured to get?</summary>
    [Id(7)]
    public CountTestMonitor SampleRatioTest { get; set; } = new();

    /// <summary>The winning version once concluded with a winner; otherwise null.</summary>
    [Id(8)]
    public string? Winner { get; set; }

    /// <summary>Every decision that changed something, oldest first.</summary>
    [Id(9)]
    public List<RolloutHistoryEntry> History { get; set; } = [];
}
