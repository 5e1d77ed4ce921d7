using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Scaling;

/// <summary>Waiting on a router's state (its supervisor runs every 200 ms), and describing it when a wait fails.</summary>
internal static class ScalingWaits
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, Func<T, string> describe)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        T last = default!;
        while (!deadline.IsCancellationRequested)
        {
            last = await read();
            if (condition(last))
            {
                return last;
            }

            // Polling at half the supervisor's period waits on the router's rounds, not on time.
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        throw new TimeoutException($"{what}: not reached within {Deadline.TotalSeconds} s; last: {describe(last)}");
    }

    public static Task<ModelStatus> StatusUntilAsync(IModelRouterGrain router, Func<ModelStatus, bool> condition, string what) =>
        UntilAsync(async () => (await router.GetStatus())!, s => s is not null && condition(s), what, Describe);

    public static Task<RoutingTable> TableUntilAsync(IModelRouterGrain router, Func<RoutingTable, bool> condition, string what) =>
        UntilAsync(async () => (await router.GetRoutingTable())!, t => t is not null && condition(t), what,
            t => t is null ? "(none)" : $"revision {t.Revision}: [{string.Join(", ", t.Versions.Single().ReplicaKeys)}]");

    public static IReadOnlyList<ReplicaObservation> ReplicasOf(ModelStatus status) => status.Versions.Single(v => v.Version == "1").Replicas;

    public static IReadOnlyList<string> ServingKeys(RoutingTable table) => table.Versions.Single(v => v.Version == "1").ReplicaKeys;

    public static string Describe(ModelStatus? status) =>
        status is null
            ? "(not deployed)"
            : string.Join("; ", status.Versions.SelectMany(v => v.Replicas).Select(r => $"{r.ReplicaKey} {r.Silo} {r.State} {r.Health}"))
              + " | events: " + string.Join("; ", status.RecentEvents.Select(e => $"{e.Sequence} {e.Kind} {e.Message}"));
}
