namespace ServingFabric.Contracts.Models;

/// <summary>One replica as the router's supervisor last observed it.</summary>
/// <param name="Key">The replica's grain key, <c>model/version/index</c>.</param>
/// <param name="Silo">The silo it runs on; null when not placed (yet).</param>
/// <param name="Zone">The availability zone of that silo; null when unknown.</param>
/// <param name="TargetZone">The zone the spread wants it in; null when any zone will do.</param>
/// <param name="State"><c>loading</c>, <c>ready</c>, <c>failed</c> or <c>unknown</c> (never probed).</param>
/// <param name="Health"><c>unknown</c>, <c>healthy</c>, <c>warming</c>, <c>unhealthy</c>, <c>ejected</c>, <c>unreachable</c> (its probe failed or timed out) or <c>lost</c>.</param>
/// <param name="QueueDepth">Rows waiting in its batcher.</param>
/// <param name="InFlight">Requests it is running.</param>
/// <param name="Error">Why it failed or was ejected; null when it did not.</param>
/// <param name="ObservedAt">When it was observed; null when never.</param>
/// <param name="LastGoodProbe">When its probe last answered; null when never.</param>
/// <param name="Device">Where its engine runs: <c>cpu</c>, <c>gpu 0 (GPU-…)</c> or <c>cpu (fallback)</c>; null when unknown.</param>
public sealed record ReplicaResponse(
    string Key,
    string? Silo,
    string? Zone,
    string? TargetZone,
    string State,
    string Health,
    int QueueDepth,
    int InFlight,
    string? Error,
    DateTimeOffset? ObservedAt,
    DateTimeOffset? LastGoodProbe = null,
    string? Device = null);
