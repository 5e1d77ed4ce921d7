using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Supervision;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>Replicas that answer what a test sets, and record every call; a key without an answer fails its probe.</summary>
internal sealed class FakeReplicaCalls : IReplicaCalls
{
    public Dictionary<string, ReplicaProbe> Answers { get; } = new(StringComparer.Ordinal);

    /// <summary>Keys whose probe waits until the test completes it (a frozen silo, before the probe timeout).</summary>
    public Dictionary<string, TaskCompletionSource<ReplicaProbe>> Pending { get; } = new(StringComparer.Ordinal);

    public List<string> Probed { get; } = [];

    public List<(string Key, string SiblingSilos)> Relocated { get; } = [];

    public List<string> Unloaded { get; } = [];

    /// <summary>Keys whose unload throws.</summary>
    public HashSet<string> FailingUnloads { get; } = new(StringComparer.Ordinal);

    public bool RefuseRelocation { get; set; }

    public Task<ReplicaProbe> ProbeAsync(string replicaKey)
    {
        Probed.Add(replicaKey);
        if (Pending.TryGetValue(replicaKey, out var pending))
        {
            return pending.Task;
        }

        return Task.FromResult(Answers.GetValueOrDefault(replicaKey) ?? ReplicaProbe.Failed("no answer"));
    }

    public Task RelocateAsync(string replicaKey, string siblingSilos)
    {
        Relocated.Add((replicaKey, siblingSilos));
        return RefuseRelocation ? Task.FromException(new TimeoutException("no answer")) : Task.CompletedTask;
    }

    public Task UnloadAsync(string replicaKey)
    {
        Unloaded.Add(replicaKey);
        return FailingUnloads.Contains(replicaKey) ? Task.FromException(new InvalidOperationException("silo gone")) : Task.CompletedTask;
    }
}
