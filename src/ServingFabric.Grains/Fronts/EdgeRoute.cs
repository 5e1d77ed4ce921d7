using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// A routing table a front activation of this silo fetched at <see cref="FetchedAt"/>, its traffic plan (fixed: every
/// request goes to the version it names, else the default one) and the metadata of the versions the front knows. As
/// a view (<see cref="IFrontView"/>) it answers at once: the edge follows it only for versions whose metadata it holds.
/// Immutable, so shared by every request that reads it.
/// </summary>
internal sealed record EdgeRoute(RoutingTable Table, TrafficPlan Plan, long FetchedAt, Dictionary<string, ModelMetadata> Metadata) : IFrontView
{
    // A fixed plan draws nothing from its sequences (no split, no mirror), so one instance serves every request.
    private static readonly TrafficSequences NoDraws = new();

    // Strictly younger than the TTL: with a TTL of zero fronts ask the router on every request, and so must the edge.
    public bool IsFresh(long now, TimeSpan ttl, TimeProvider time) => time.GetElapsedTime(FetchedAt, now) < ttl;

    public ValueTask<RoutingTable> GetLoadedTableAsync() => ValueTask.FromResult(Table);

    public TrafficChoice Choose(RoutingTable table, InferenceRequest request)
    {
        var traffic = Plan.Decide(request.ModelVersion, request.RoutingKey, request.Id, NoDraws);
        return new TrafficChoice(Plan, traffic, VersionChooser.Resolve(table, traffic.Version));
    }

    public ValueTask<ModelMetadata> GetMetadataAsync(VersionRoute route, CancellationToken cancellationToken) =>
        Metadata.TryGetValue(route.Version, out var metadata)
            ? ValueTask.FromResult(metadata)
            : ValueTask.FromException<ModelMetadata>(new InferenceException(InferenceErrorKind.Unavailable,
                $"model '{Table.ModelName}' version '{route.Version}' is still loading; retry shortly"));

    // A fixed plan injects no faults.
    public ValueTask InjectFaultsAsync(RoutingTable table, TrafficChoice choice, InferenceRequest request, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
