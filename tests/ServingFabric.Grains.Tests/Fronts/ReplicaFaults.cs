using System.Collections.Concurrent;
using ServingFabric.Inference;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>
/// Counts the inference calls each replica key receives on any silo of a test cluster, fails them on demand (a
/// replica whose engine broke) and holds them until released (a replica busy with earlier work), without touching
/// production code (see <see cref="ReplicaFaultFilter"/>).
/// </summary>
public sealed class ReplicaFaults
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _held = new(StringComparer.Ordinal);

    public void Fail(string replicaKey) => _failing[replicaKey] = true;

    /// <summary>Calls to <paramref name="replicaKey"/> wait (counted, before the replica runs) until <see cref="ReleaseAll"/>.</summary>
    public void Hold(string replicaKey) => _held.TryAdd(replicaKey, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void ReleaseAll()
    {
        foreach (var key in _held.Keys)
        {
            if (_held.TryRemove(key, out var gate))
            {
                gate.TrySetResult();
            }
        }
    }

    public int CallsTo(string replicaKey) => _calls.GetValueOrDefault(replicaKey);

    /// <summary>Called by the filter on the replica's silo before the replica runs the request.</summary>
    public Task OnInferAsync(string replicaKey)
    {
        _calls.AddOrUpdate(replicaKey, 1, static (_, n) => n + 1);
        if (_failing.ContainsKey(replicaKey))
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"injected engine fault in replica {replicaKey}");
        }

        return _held.TryGetValue(replicaKey, out var gate) ? gate.Task : Task.CompletedTask;
    }
}
