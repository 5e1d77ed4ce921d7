using ServingFabric.Releases;
using ServingFabric.Traffic.Rollouts;

namespace ServingFabric.Grains.Releases;

/// <summary>A canary or A/B test as the router persists it: its options, the policy's state and the latest decision.</summary>
[GenerateSerializer, Alias("sf.ReleaseRecord")]
public sealed class ReleaseRecord
{
    /// <summary>Release id; fronts tag their arm outcomes with it.</summary>
    [Id(0)]
    public string Id { get; set; } = "";

    /// <summary>Canary or A/B test.</summary>
    [Id(1)]
    public ReleaseKind Kind { get; set; }

    /// <summary>The canary's options (the configured defaults with the request's overrides); null for an A/B test.</summary>
    [Id(2)]
    public CanaryOptions? CanaryOptions { get; set; }

    /// <summary>The canary policy's state; null for an A/B test.</summary>
    [Id(3)]
    public CanaryState? Canary { get; set; }

    /// <summary>The A/B test's options; null for a canary.</summary>
    [Id(4)]
    public AbTestOptions? AbTestOptions { get; set; }

    /// <summary>The A/B policy's state; null for a canary.</summary>
    [Id(5)]
    public AbTestState? AbTest { get; set; }

    /// <summary>The control's p95 latency before the release began, in ms: requests slower than this count as slow. Null: no data then.</summary>
    [Id(6)]
    public double? SlowThresholdMs { get; set; }

    /// <summary>Who started it.</summary>
    [Id(7)]
    public string StartedBy { get; set; } = "";

    /// <summary>The latest decision (Start, Continue, Advance, Promote, Rollback, Freeze, Winner, Inconclusive, Pause, Resume, Abort).</summary>
    [Id(8)]
    public string Decision { get; set; } = "";

    /// <summary>Why, in words and numbers.</summary>
    [Id(9)]
    public string Reason { get; set; } = "";

    /// <summary>True when an operator ended it (abort).</summary>
    [Id(10)]
    public bool Aborted { get; set; }

    /// <summary>When it ended; null while it runs.</summary>
    [Id(11)]
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>When the running release was last written to storage (observations are written at least this often).</summary>
    [Id(12)]
    public DateTimeOffset CheckpointAt { get; set; }

    /// <summary>Arm A / the stable version.</summary>
    public string Control => Canary?.StableVersion ?? AbTest?.ControlVersion ?? "";

    /// <summary>Arm B / the canary version.</summary>
    public string Candidate => Canary?.CanaryVersion ?? AbTest?.TreatmentVersion ?? "";

    /// <summary>Whether it still splits traffic (running, paused or frozen).</summary>
    public bool IsRunning => EndedAt is null && (Canary is { Status: CanaryStatus.Running or CanaryStatus.Paused or CanaryStatus.Frozen }
        || AbTest is { Status: AbTestStatus.Running or AbTestStatus.Frozen });

    /// <summary>The candidate's share of unversioned requests while it runs, in percent.</summary>
    public double CandidatePercent => Canary?.CanaryPercent ?? AbTest?.TreatmentPercent ?? 0;

    /// <summary>
    /// The id fronts record the arms under: the release and its current split. A front still routing by the previous
    /// split for up to a routing-table refresh reports under the previous id, and the router drops those outcomes
    /// rather than count them against the new share (which would look like a broken split to the sample-ratio test).
    /// </summary>
    public string ArmsId => $"{Id}@{CandidatePercent.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}%";

    /// <summary>Running, Paused, Frozen, Promoted, RolledBack, Concluded, Inconclusive or Aborted.</summary>
    public string Status => (Canary, AbTest) switch
    {
        _ when Aborted => "Aborted",
        ({ } canary, _) => canary.Status.ToString(),
        (_, { Status: AbTestStatus.Concluded, Winner: null }) => "Inconclusive",
        (_, { } ab) => ab.Status.ToString(),
        _ => "Unknown",
    };
}
