using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// What a front knows of its model for one request (<see cref="FrontRequests"/>): the routing table, the version its
/// traffic policy chooses, that version's metadata and the faults the policy injects. A front grain answers from the
/// table it caches (fetching it as needed); the silo's edge from a table a front published (<see cref="EdgeRoute"/>).
/// </summary>
internal interface IFrontView
{
    ValueTask<RoutingTable> GetLoadedTableAsync();

    TrafficChoice Choose(RoutingTable table, InferenceRequest request);

    ValueTask<ModelMetadata> GetMetadataAsync(VersionRoute route, CancellationToken cancellationToken);

    ValueTask InjectFaultsAsync(RoutingTable table, TrafficChoice choice, InferenceRequest request, DateTimeOffset deadline, CancellationToken cancellationToken);
}
