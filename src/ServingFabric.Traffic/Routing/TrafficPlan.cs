using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Traffic.Routing;

/// <summary>
/// A routing table's traffic policy, prepared for the request path: the version split, the mirror and the injected
/// faults, restricted to the versions the table routes to. Built once per table; <see cref="Decide"/> allocates
/// nothing and hashes a request's key at most once.
/// </summary>
public sealed class TrafficPlan
{
    private readonly VersionSplit? _split;
    private readonly MirrorPolicy? _mirror;
    private readonly Dictionary<string, FaultInjection> _faults = new(StringComparer.Ordinal);

    private TrafficPlan(RoutingTable table)
    {
        DefaultVersion = table.DefaultVersion;
        var routable = new HashSet<string>(table.Versions.Select(v => v.Version), StringComparer.Ordinal);
        var policy = table.Traffic;
        _split = VersionSplit.Create(policy?.Weights, routable.Contains);
        if (policy?.Mirror is { Percent: > 0 } mirror && routable.Contains(mirror.Version))
        {
            _mirror = mirror;
        }

        foreach (var fault in policy?.Faults ?? [])
        {
            if (fault.AbortPercent > 0 || (fault.DelayPercent > 0 && fault.Delay > TimeSpan.Zero))
            {
                _faults[fault.Version] = fault;
            }
        }

        Experiment = policy?.Experiment;
    }

    /// <summary>The version of unversioned requests when no split applies.</summary>
    public string DefaultVersion { get; }

    /// <summary>The running release whose arms fronts record; null when none.</summary>
    public ExperimentArms? Experiment { get; }

    /// <summary>The versions the split sends unversioned requests to; empty when they all go to the default.</summary>
    public IReadOnlyList<string> SplitVersions => _split?.Versions ?? [];

    /// <summary>
    /// Whether every request goes to the version it names, else the default one, with nothing split, mirrored or
    /// injected and no release running: then <see cref="Decide"/> depends on nothing but the requested version.
    /// </summary>
    public bool IsFixed => _split is null && _mirror is null && _faults.Count == 0 && Experiment is null;

    /// <summary>The fault injected into <paramref name="version"/>'s requests; null when none.</summary>
    public FaultInjection? FaultFor(string version) => _faults.GetValueOrDefault(version);

    /// <summary>The plan of <paramref name="table"/>.</summary>
    public static TrafficPlan For(RoutingTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new TrafficPlan(table);
    }

    /// <summary>
    /// Chooses for one request. A request naming a version gets it; otherwise the split chooses by the routing key,
    /// else the request id (sticky), else the front's even sequence. Only split-assigned requests of a running release's
    /// control or candidate count in its arms. Mirroring is sticky by key too; faults are a share of requests, taken
    /// from the front's sequences so that one user is not failed on every request.
    /// </summary>
    public TrafficDecision Decide(string? requestedVersion, string? routingKey, string? requestId, TrafficSequences sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var versioned = !string.IsNullOrEmpty(requestedVersion);
        var key = !string.IsNullOrEmpty(routingKey) ? routingKey : !string.IsNullOrEmpty(requestId) ? requestId : null;
        var keyHash = key is null || (_split is null && _mirror is null) ? 0UL : RoutingKeyHash.Of(key);

        string version;
        if (versioned)
        {
            version = requestedVersion!;
        }
        else if (_split is not null)
        {
            version = key is not null ? _split.ForKey(keyHash) : _split.ForPoint(sequences.Split.Next());
        }
        else
        {
            version = DefaultVersion;
        }

        string? experimentId = null;
        if (!versioned && Experiment is { } arms && (version == arms.Control || version == arms.Candidate))
        {
            experimentId = arms.Id;
        }

        string? mirrorVersion = null;
        if (_mirror is { } mirror && mirror.Version != version)
        {
            var point = key is not null ? RoutingKeyHash.ToUnit(RoutingKeyHash.Mix(keyHash, RoutingKeyHash.MirrorSalt)) : sequences.Mirror.Next();
            mirrorVersion = InShare(point, mirror.Percent) ? mirror.Version : null;
        }

        if (_faults.Count == 0 || !_faults.TryGetValue(version, out var fault))
        {
            return new TrafficDecision(version, experimentId, mirrorVersion);
        }

        int? abortStatus = fault.AbortPercent > 0 && InShare(sequences.Abort.Next(), fault.AbortPercent) ? fault.AbortStatus : null;
        TimeSpan? delay = fault.DelayPercent > 0 && fault.Delay > TimeSpan.Zero && InShare(sequences.Delay.Next(), fault.DelayPercent) ? fault.Delay : null;
        return new TrafficDecision(version, experimentId, mirrorVersion, abortStatus, delay);
    }

    private static bool InShare(double point, double percent) => point * 100 < percent;
}
