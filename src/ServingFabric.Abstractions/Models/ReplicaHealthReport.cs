namespace ServingFabric.Models;

/// <summary>A front's report on a replica, recorded in the model's event log.</summary>
/// <param name="Verdict">Healthy, ejected or failed.</param>
/// <param name="Reason">Why, in words an operator can act on.</param>
/// <param name="Reporter">Who reports it, for example the front's silo.</param>
[GenerateSerializer, Immutable, Alias("sf.ReplicaHealthReport")]
public sealed record ReplicaHealthReport(
    [property: Id(0)] ReplicaHealthVerdict Verdict,
    [property: Id(1)] string? Reason = null,
    [property: Id(2)] string? Reporter = null);
