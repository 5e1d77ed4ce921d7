using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>What fronts and operators read of a router: the routing table and the model's status, built from its collaborators' state.</summary>
internal sealed class RouterViews(IRouterContext router, ReleaseDriver releases, ReplicaScaler scaler, TimeProvider time)
{
    private const int RecentEventCount = 20;

    public RoutingTable TableOf(ModelDeploymentSpec spec)
    {
        var state = router.State;
        var roster = new ReplicaRoster(state, spec);
        var versions = releases.Versions(spec);
        var routes = versions.Active.Select(v => new VersionRoute(v, roster.ServingKeys(v), roster.DesiredCount(v))).ToArray();
        return new RoutingTable(spec.Name, state.Revision, state.Loaded, versions.Default, routes, spec.Config.MaxBatchSize, spec.Config.Deterministic,
            releases.TrafficPolicyOf(spec), scaler.AdmissionOf(), (spec.Config.Slo ?? ServiceLevelObjective.Default).LatencyMs);
    }

    public ModelStatus StatusOf(ModelDeploymentSpec spec)
    {
        var state = router.State;
        var roster = new ReplicaRoster(state, spec);
        var registry = releases.Versions(spec);
        var active = registry.Active;
        var versions = active.Select(version => new VersionStatus(version, roster.ActiveKeys(version)
            .Select(key => state.Replicas.TryGetValue(key, out var seen) && state.Loaded
                ? seen
                : new ReplicaObservation(key, null, null, null, null, ReplicaHealth.Unknown, null, 0, 0, default))
            .ToList())).ToList();
        var events = state.Events;
        var recent = events.GetRange(Math.Max(0, events.Count - RecentEventCount), Math.Min(RecentEventCount, events.Count));
        var bounds = spec.Config.Replicas ?? new ReplicaBounds(spec.ReplicasPerVersion, spec.ReplicasPerVersion);
        return new ModelStatus(spec.Name, state.Loaded, state.Revision, registry.Default, bounds, spec.ReplicasPerVersion, versions, recent,
            releases.Describe(spec), releases.TrafficPolicyOf(spec), releases.CurrentView(), scaler.ViewOf(spec, active), AvailabilityOf(spec),
            state.Probes.Versions.Count > 0 ? AvailabilityLedger.View(state.Probes, spec.Config.Slo ?? ServiceLevelObjective.Default, time.GetUtcNow()) : null);
    }

    public ModelAvailability AvailabilityOf(ModelDeploymentSpec spec) =>
        AvailabilityLedger.View(router.State.Availability, spec.Config.Slo ?? ServiceLevelObjective.Default, time.GetUtcNow());
}
