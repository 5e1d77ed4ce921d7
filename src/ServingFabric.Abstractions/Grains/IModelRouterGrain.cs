using ServingFabric.Models;

namespace ServingFabric.Grains;

/// <summary>
/// The per-model router (key = model name, persistent): owns the deployment spec, versions and default version,
/// and gives fronts the routing table. Only policy state goes through it; requests never do.
/// </summary>
public interface IModelRouterGrain : IGrainWithStringKey
{
    /// <summary>Deploys or updates the model; idempotent (the same spec changes nothing, not even the revision).</summary>
    Task Deploy(ModelDeploymentSpec spec);

    /// <summary>Takes the model out of service; its replicas unload. The spec is kept for a later load.</summary>
    Task Unload();

    /// <summary>The deployment spec, or null when the model was never deployed.</summary>
    /// <remarks>Always interleaves: a supervisor probe in progress must not hold up fronts refreshing their tables.</remarks>
    [AlwaysInterleave]
    Task<ModelDeploymentSpec?> GetSpec();

    /// <summary>The routing table, or null when the model was never deployed.</summary>
    [AlwaysInterleave]
    Task<RoutingTable?> GetRoutingTable();

    /// <summary>The operator's view: versions, and per replica its silo, zone, state and health; null when never deployed.</summary>
    [AlwaysInterleave]
    Task<ModelStatus?> GetStatus();

    /// <summary>Events with a sequence above <paramref name="afterSequence"/>, oldest first (the log keeps the latest 500).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ModelEvent>> GetEvents(long afterSequence);

    /// <summary>A front reports a replica it ejected, saw fail, or serves again; the router records it in the event log.</summary>
    Task ReportReplicaHealth(string replicaKey, ReplicaHealthReport report);
}
