using ServingFabric.Models;

namespace ServingFabric.Grains.Supervision;

/// <summary>The answer to one probe: the replica's status, or why there was none.</summary>
internal sealed record ReplicaProbe(ReplicaStatus? Status, string? Error)
{
    public static ReplicaProbe Answered(ReplicaStatus status) => new(status, null);

    public static ReplicaProbe Failed(string error) => new(null, error);
}
