namespace ServingFabric.Models;

/// <summary>The operator's view of a model (<c>GET /v1/models/{name}</c>, <c>fabric models get</c>).</summary>
/// <param name="Name">Model name.</param>
/// <param name="Loaded">False after an unload.</param>
/// <param name="Revision">The deployment's revision.</param>
/// <param name="DefaultVersion">Version for requests that name none.</param>
/// <param name="Replicas">Replica bounds per version (from config.json, else the silo default).</param>
/// <param name="ReplicasPerVersion">Replicas running per version now.</param>
/// <param name="Versions">Each version with its replicas.</param>
/// <param name="RecentEvents">The latest events, oldest first.</param>
/// <param name="Registry">Every version the router knows, active and retired.</param>
/// <param name="Traffic">The traffic policy now (weights, mirror, faults, experiment arms).</param>
/// <param name="Experiment">The current or latest canary or A/B test; null when none ever ran.</param>
/// <param name="Scaling">Scaling settings, replicas and recent decisions.</param>
[GenerateSerializer, Immutable, Alias("sf.ModelStatus")]
public sealed record ModelStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] bool Loaded,
    [property: Id(2)] long Revision,
    [property: Id(3)] string DefaultVersion,
    [property: Id(4)] ReplicaBounds Replicas,
    [property: Id(5)] int ReplicasPerVersion,
    [property: Id(6)] IReadOnlyList<VersionStatus> Versions,
    [property: Id(7)] IReadOnlyList<ModelEvent> RecentEvents,
    [property: Id(8)] IReadOnlyList<ServingFabric.Releases.ModelVersionInfo>? Registry = null,
    [property: Id(9)] ServingFabric.Releases.TrafficPolicy? Traffic = null,
    [property: Id(10)] ServingFabric.Releases.ExperimentView? Experiment = null,
    [property: Id(11)] ServingFabric.Scaling.ScalingView? Scaling = null,
    [property: Id(12)] ModelAvailability? Availability = null,
    [property: Id(13)] ModelAvailability? Probes = null);
