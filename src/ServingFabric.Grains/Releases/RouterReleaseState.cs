using ServingFabric.Releases;

namespace ServingFabric.Grains.Releases;

/// <summary>
/// The router's versions registry, traffic settings, faults and latest release (see VersionRegistry and
/// ReleaseController). Public settable properties only, so every grain storage serializer (the Orleans
/// serializer, or JSON in table storage) round-trips it.
/// </summary>
[GenerateSerializer, Alias("sf.RouterReleaseState")]
public sealed class RouterReleaseState
{
    /// <summary>Every version the router knows, by name: found in the repository or registered, active or retired.</summary>
    [Id(0)]
    public Dictionary<string, VersionRecord> Versions { get; set; } = [];

    /// <summary>The default set by an operator or a promotion; null: the repository's (config.json) default.</summary>
    [Id(1)]
    public string? DefaultVersion { get; set; }

    /// <summary>The default before the latest change, for a rollback; null when there is none.</summary>
    [Id(2)]
    public string? PreviousDefault { get; set; }

    /// <summary>Operator weights outside a release; empty: every unversioned request to the default.</summary>
    [Id(3)]
    public List<VersionWeight> Weights { get; set; } = [];

    /// <summary>Shadow traffic; null: none.</summary>
    [Id(4)]
    public MirrorPolicy? Mirror { get; set; }

    /// <summary>Injected faults by version.</summary>
    [Id(5)]
    public Dictionary<string, FaultInjection> Faults { get; set; } = [];

    /// <summary>The running or latest canary or A/B test; null when none ever ran.</summary>
    [Id(6)]
    public ReleaseRecord? Release { get; set; }

    /// <summary>Releases started so far (release ids count up and never repeat).</summary>
    [Id(7)]
    public long ReleaseSequence { get; set; }

    /// <summary>Whether a canary or A/B test is running (or paused or frozen).</summary>
    public bool ReleaseRunning => Release?.IsRunning == true;
}
