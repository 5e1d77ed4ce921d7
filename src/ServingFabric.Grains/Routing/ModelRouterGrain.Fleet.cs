using ServingFabric.Grains.Telemetry;
using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>What the router's last supervisor round saw, with the availability SLI, published as this silo's fleet gauges (see <see cref="FleetMetrics"/>).</summary>
internal sealed partial class ModelRouterGrain
{
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The router's next activation (perhaps on another silo) publishes from there.
        _fleet.Forget(Model);
        await SaveAvailabilityAsync(cancellationToken);
    }

    private void PublishFleet(ModelDeploymentSpec spec)
    {
        var roster = new ReplicaRoster(State, spec);
        var min = spec.Config.Replicas?.Min ?? spec.ReplicasPerVersion;
        var versions = _releases.Versions(spec).Active.Select(version => VersionFleet.Of(
            version,
            roster.ActiveKeys(version).Select(key => State.Replicas.TryGetValue(key, out var seen)
                ? seen
                : new ReplicaObservation(key, null, null, null, null, ReplicaHealth.Unknown, null, 0, 0, default)),
            min,
            roster.DesiredCount(version),
            State.DegradedVersions.Any(entry => entry.StartsWith(version + "@", StringComparison.Ordinal)))).ToList();
        _fleet.Publish(spec.Name, versions, _views.AvailabilityOf(spec));
    }
}
