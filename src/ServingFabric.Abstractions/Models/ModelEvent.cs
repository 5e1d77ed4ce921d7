namespace ServingFabric.Models;

/// <summary>One entry of a model's append-only event log, kept by its router.</summary>
/// <param name="Sequence">Increases by one per event of this model, from 1.</param>
/// <param name="Timestamp">When the router recorded it.</param>
/// <param name="Kind">What happened.</param>
/// <param name="ReplicaKey">The replica concerned (<c>model/version/index</c>), if any.</param>
/// <param name="Silo">The silo concerned, if any.</param>
/// <param name="Zone">That silo's zone, if known.</param>
/// <param name="Message">What happened and, where something is wrong, what to do.</param>
/// <param name="Actor">Who caused it: an operator, or "fabric" for automatic decisions; null for observations.</param>
[GenerateSerializer, Immutable, Alias("sf.ModelEvent")]
public sealed record ModelEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Timestamp,
    [property: Id(2)] ModelEventKind Kind,
    [property: Id(3)] string? ReplicaKey,
    [property: Id(4)] string? Silo,
    [property: Id(5)] string? Zone,
    [property: Id(6)] string Message,
    [property: Id(7)] string? Actor = null);
