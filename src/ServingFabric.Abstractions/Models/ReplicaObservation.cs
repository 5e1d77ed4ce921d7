namespace ServingFabric.Models;

/// <summary>What the router's supervisor last saw of one replica.</summary>
/// <param name="ReplicaKey">The grain key, <c>model/version/index</c>.</param>
/// <param name="Silo">The silo that hosts it; null when it did not answer.</param>
/// <param name="Zone">That silo's zone; null when the silo has none.</param>
/// <param name="TargetZone">The zone the spread wants it in; null without zones.</param>
/// <param name="State">The replica's own state; null when it did not answer.</param>
/// <param name="Health">The supervisor's verdict.</param>
/// <param name="Error">Why it is unhealthy, when it is.</param>
/// <param name="QueueDepth">Rows waiting in its version's batcher on its silo.</param>
/// <param name="InFlight">Requests it is serving.</param>
/// <param name="ObservedAt">When it was probed.</param>
/// <param name="LastGoodProbe">When its probe last answered; null when it never did.</param>
/// <param name="Device">Where its engine runs (<c>cpu</c>, <c>gpu 0 (GPU-…)</c>, <c>cpu (fallback)</c>), as its last probe said; null when unknown.</param>
[GenerateSerializer, Immutable, Alias("sf.ReplicaObservation")]
public sealed record ReplicaObservation(
    [property: Id(0)] string ReplicaKey,
    [property: Id(1)] string? Silo,
    [property: Id(2)] string? Zone,
    [property: Id(3)] string? TargetZone,
    [property: Id(4)] ReplicaState? State,
    [property: Id(5)] ReplicaHealth Health,
    [property: Id(6)] string? Error,
    [property: Id(7)] int QueueDepth,
    [property: Id(8)] int InFlight,
    [property: Id(9)] DateTimeOffset ObservedAt,
    [property: Id(10)] DateTimeOffset? LastGoodProbe = null,
    [property: Id(11)] string? Device = null);
