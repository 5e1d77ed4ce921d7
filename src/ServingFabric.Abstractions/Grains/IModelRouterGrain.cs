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
    [ReadOnly]
    Task<ModelDeploymentSpec?> GetSpec();

    /// <summary>The routing table, or null when the model was never deployed.</summary>
    [ReadOnly]
    Task<RoutingTable?> GetRoutingTable();
}
