using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Which replica keys each version has on the router's state: those kept active (desired, and those still draining),
/// those desired, and those in the routing table. Never below the deployed minimum (replicas per version).
/// </summary>
internal sealed class ReplicaRoster(ModelRouterState state, ModelDeploymentSpec spec)
{
    /// <summary>Replica keys the supervisor keeps active: the desired ones and those still draining.</summary>
    public int ActiveCount(string version) =>
        state.Scaling.Versions.TryGetValue(version, out var scaling) ? Math.Max(scaling.Active, spec.ReplicasPerVersion) : spec.ReplicasPerVersion;

    /// <summary>Replicas the version should run now (<see cref="VersionRoute.DesiredReplicas"/>); draining ones are not counted.</summary>
    public int DesiredCount(string version) =>
        state.Scaling.Versions.TryGetValue(version, out var scaling) ? Math.Max(scaling.Desired, spec.ReplicasPerVersion) : spec.ReplicasPerVersion;

    /// <summary>The active replica keys of the version, by index.</summary>
    public string[] ActiveKeys(string version) =>
        Enumerable.Range(0, ActiveCount(version)).Select(index => ReplicaKey.Format(spec.Name, version, index)).ToArray();

    /// <summary>Every active replica key of <paramref name="versions"/>.</summary>
    public IEnumerable<string> ActiveKeys(IEnumerable<string> versions) => versions.SelectMany(ActiveKeys);

    /// <summary>
    /// Keys in the routing table: the deployed minimum always (so a cold start still routes, and the front's own
    /// readiness handles them), the others only once warm; draining ones never. The autoscaler's round keeps the
    /// serving set (and invalidates the table when it changes); a replica seen not ready since is left out at once.
    /// </summary>
    public string[] ServingKeys(string version)
    {
        var indices = Enumerable.Range(0, spec.ReplicasPerVersion);
        if (state.Scaling.Versions.TryGetValue(version, out var scaling))
        {
            indices = indices.Union(scaling.Serving.Where(index => index < scaling.Desired && IsReady(version, index))).Order();
        }

        return indices.Select(index => ReplicaKey.Format(spec.Name, version, index)).ToArray();
    }

    /// <summary>Whether the supervisor last saw the replica ready.</summary>
    public bool IsReady(string version, int index) => ObservationOf(version, index)?.State == ReplicaState.Ready;

    /// <summary>What the supervisor last saw of the replica; null when never probed.</summary>
    public ReplicaObservation? ObservationOf(string version, int index) => state.Replicas.GetValueOrDefault(ReplicaKey.Format(spec.Name, version, index));
}
