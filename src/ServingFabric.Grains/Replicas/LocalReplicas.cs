using System.Collections.Concurrent;
using ServingFabric.Inference;

namespace ServingFabric.Grains.Replicas;

/// <summary>
/// The replicas loaded on this silo, by replica key, for the silo's fronts: a request whose chosen replica is here runs
/// on it directly (<see cref="LocalReplica"/>) instead of through a grain call. A replica registers once its model is
/// loaded and unregisters as it starts to leave (so later calls go through Orleans, which finds its next activation).
/// </summary>
internal sealed class LocalReplicas
{
    private readonly ConcurrentDictionary<string, LocalReplica> _replicas = new(StringComparer.Ordinal);

    /// <summary>The call on the replica <paramref name="key"/> if it is loaded on this silo; null to call its grain.</summary>
    public Task<InferenceResponse>? TryInfer(string key, InferenceRequest request, CancellationToken cancellationToken) =>
        _replicas.TryGetValue(key, out var replica) && replica.TryEnter() ? replica.RunAsync(request, cancellationToken) : null;

    public void Add(LocalReplica replica) => _replicas[replica.Key] = replica;

    /// <summary>Removes <paramref name="replica"/> (not a newer registration under its key) and closes it.</summary>
    public Task RemoveAsync(LocalReplica replica)
    {
        _replicas.TryRemove(new KeyValuePair<string, LocalReplica>(replica.Key, replica));
        return replica.CloseAsync();
    }
}
