using ServingFabric.Models;

namespace ServingFabric.Grains.Fronts;

/// <summary>An ejection or recovery waiting for a front's timer to tell the router.</summary>
internal readonly record struct PendingHealthReport(string ReplicaKey, ReplicaHealthVerdict Verdict, string? Reason);
