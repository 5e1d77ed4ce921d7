using System.Collections.Concurrent;
using ServingFabric.Inference;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>
/// Counts the inference calls each replica key receives on any silo of a test cluster, and fails them on demand:
/// a replica whose engine broke, without touching production code (see <see cref="ReplicaFaultFilter"/>).
/// </summary>
public sealed class ReplicaFaults
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);

    public void Fail(string replicaKey) => _failing[replicaKey] = true;

    public int CallsTo(string replicaKey) => _calls.GetValueOrDefault(replicaKey);

    /// <summary>Called by the filter on the replica's silo before the replica runs the request.</summary>
    public void OnInfer(string replicaKey)
    {
        _calls.AddOrUpdate(replicaKey, 1, static (_, n) => n + 1);
        if (_failing.ContainsKey(replicaKey))
        {
            throw new InferenceException(InferenceErrorKind.Internal, $"injected engine fault in replica {replicaKey}");
        }
    }
}
