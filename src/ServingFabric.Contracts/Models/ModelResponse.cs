using ServingFabric.Contracts.Events;
using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Scaling;
using ServingFabric.Contracts.Traffic;
using ServingFabric.Contracts.Versions;

namespace ServingFabric.Contracts.Models;

/// <summary>
/// <c>GET /v1/models/{name}</c> (and the answer of <c>PUT</c> and of fault injection): a deployed model's replicas with
/// their placement and health, recent events, version registry, traffic policy, release and scaling.
/// </summary>
/// <param name="Name">The model.</param>
/// <param name="Loaded">Whether the model is deployed (loaded) rather than unloaded.</param>
/// <param name="Revision">The deployment's revision, increased by every change to its spec.</param>
/// <param name="DefaultVersion">The version unversioned requests go to outside any split.</param>
/// <param name="Replicas">The replica bounds and the replicas kept per version.</param>
/// <param name="Versions">Every placed version with its replicas.</param>
/// <param name="Events">The most recent events of the model.</param>
/// <param name="Registry">The version registry; null when the router has none yet.</param>
/// <param name="Traffic">The traffic policy (an empty one sends everything to the default).</param>
/// <param name="Experiment">The running or latest release, in short; null when none ever ran.</param>
/// <param name="Scaling">The autoscaling settings and decisions (without <c>model</c>); null before the model is loaded.</param>
/// <param name="Availability">The whole model's availability SLI and error budget (each version's is in <paramref name="Versions"/>).</param>
/// <param name="ProbeAvailability">The same measure over the gateways' synthetic probes (config.json <c>probe</c>); null when the model is not probed.</param>
public sealed record ModelResponse(
    string Name,
    bool Loaded,
    long Revision,
    string DefaultVersion,
    ReplicaCounts Replicas,
    IReadOnlyList<VersionReplicas> Versions,
    IReadOnlyList<EventResponse> Events,
    IReadOnlyList<VersionResponse>? Registry,
    TrafficResponse Traffic,
    ExperimentSummaryResponse? Experiment,
    ScalingResponse? Scaling,
    AvailabilityResponse? Availability = null,
    AvailabilityResponse? ProbeAvailability = null);
