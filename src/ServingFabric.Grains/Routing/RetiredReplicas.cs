using Microsoft.Extensions.Logging;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Replicas of retired versions waiting to unload once fronts have dropped them: they leave the routing table with
/// the change that retired them, but a front routes by the table it fetched up to a refresh ago, so a request already
/// on its way must still be answered. They unload after the drain delay (ServingFabric:Scaling:DrainDelay, 2 s), on a
/// supervisor round. Memory only: a new activation's replicas of a retired version refuse to load and are collected.
/// </summary>
internal sealed partial class RetiredReplicas(IReplicaCalls replicas, TimeSpan drainDelay, TimeProvider time, ILogger<RetiredReplicas> logger)
{
    private readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);

    /// <summary>Schedules <paramref name="keys"/> to unload after the drain delay.</summary>
    public void Schedule(IEnumerable<string> keys)
    {
        var due = time.GetUtcNow() + drainDelay;
        foreach (var key in keys)
        {
            _due[key] = due;
        }
    }

    /// <summary>Unloads the replicas whose drain delay has passed (all of them when <paramref name="force"/>: no supervisor round will come).</summary>
    public async Task UnloadDueAsync(bool force = false)
    {
        var now = time.GetUtcNow();
        var due = _due.Where(entry => force || entry.Value <= now).Select(entry => entry.Key).ToList();
        foreach (var key in due)
        {
            _due.Remove(key);
        }

        await Task.WhenAll(due.Select(async key =>
        {
            try
            {
                await replicas.UnloadAsync(key);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // It refuses to load again (its version left the table), and is collected when idle.
                LogRetiredReplicaNotUnloaded(logger, ex, key);
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {ReplicaKey} of a retired version did not unload; it refuses to load again and is collected when idle. Check its silo if this repeats")]
    private static partial void LogRetiredReplicaNotUnloaded(ILogger logger, Exception exception, string replicaKey);
}
