namespace ServingFabric.Contracts.Events;

/// <summary>One event of a model's append-only log: scaling, health, placement, versions, traffic, releases.</summary>
/// <param name="Model">The model.</param>
/// <param name="Sequence">Its sequence number within the model (ask for later ones with <c>after</c>).</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Kind">What happened, in PascalCase (<c>ReplicaLost</c>, <c>ReleaseStarted</c>, <c>ReplicasScaled</c>, ...).</param>
/// <param name="Replica">The replica concerned; null when none.</param>
/// <param name="Silo">The silo concerned; null when none.</param>
/// <param name="Zone">The zone concerned; null when none.</param>
/// <param name="Message">What happened, in words.</param>
/// <param name="Actor">Who caused it: the authenticated principal (<c>key:&lt;name&gt;</c>, <c>jwt:&lt;sub&gt;</c>, <c>loopback</c>), <c>fabric</c> for the fabric's release and scaling decisions, null for what the fabric observed (health, placement).</param>
public sealed record EventResponse(
    string Model,
    long Sequence,
    DateTimeOffset Timestamp,
    string Kind,
    string? Replica,
    string? Silo,
    string? Zone,
    string Message,
    string? Actor);
