namespace ServingFabric.Models;

/// <summary>A replica's view of itself, for readiness, routing and operators.</summary>
/// <param name="ReplicaKey">The grain key, <c>model/version/index</c>.</param>
/// <param name="State">Loading, ready or failed.</param>
/// <param name="Error">Why the load failed, when it did.</param>
/// <param name="Metadata">The model's metadata once loaded.</param>
/// <param name="QueueDepth">Rows waiting in the version's batcher on this silo.</param>
/// <param name="InFlight">Requests this replica is serving now.</param>
/// <param name="Silo">The silo that hosts it.</param>
/// <param name="Device">Where its engine runs: <c>cpu</c>, <c>gpu 0 (GPU-…)</c> or <c>cpu (fallback)</c>; null until loaded.</param>
[GenerateSerializer, Immutable, Alias("sf.ReplicaStatus")]
public sealed record ReplicaStatus(
    [property: Id(0)] string ReplicaKey,
    [property: Id(1)] ReplicaState State,
    [property: Id(2)] string? Error,
    [property: Id(3)] ModelMetadata? Metadata,
    [property: Id(4)] int QueueDepth,
    [property: Id(5)] int InFlight,
    [property: Id(6)] string Silo,
    [property: Id(7)] string? Device = null);
