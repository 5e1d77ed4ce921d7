using ServingFabric.Models;

namespace ServingFabric.Grains.Tests.Supervision;

/// <summary>Where a model's replicas are, asked of the replicas themselves, and waiting on the router's view.</summary>
internal static class ReplicaSpread
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Silo name of each replica of version 1, by index, as the replicas report it.</summary>
    public static async Task<IReadOnlyList<string>> SilosAsync(ZoneClusterFixture fixture, int replicas = 3)
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, replicas)
            .Select(i => fixture.Client.GetGrain<IModelReplicaGrain>(ReplicaKey.Format(ZoneClusterFixture.Model, "1", i)).GetStatus()));
        return statuses.Select(s => fixture.SiloName(s.Silo)).ToList();
    }

    /// <summary>Waits until the router's view satisfies <paramref name="condition"/>; fails with the last view after the deadline.</summary>
    public static async Task<ModelStatus> WaitForStatusAsync(ZoneClusterFixture fixture, Func<ModelStatus, bool> condition, string what)
    {
        var router = fixture.Client.GetGrain<IModelRouterGrain>(ZoneClusterFixture.Model);
        using var deadline = new CancellationTokenSource(Deadline);
        ModelStatus? last = null;
        while (!deadline.IsCancellationRequested)
        {
            last = await router.GetStatus();
            if (last is not null && condition(last))
            {
                return last;
            }

            // Each supervisor round takes 200 ms; polling at that pace waits on the router's own state, not on time.
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        throw new TimeoutException($"{what}: not reached within {Deadline.TotalSeconds} s; last view: {Describe(last)}");
    }

    public static IReadOnlyList<ReplicaObservation> VersionReplicas(ModelStatus status) => status.Versions.Single(v => v.Version == "1").Replicas;

    public static bool OnePerZone(ModelStatus status) =>
        AllHealthy(status) && VersionReplicas(status).Select(r => r.Zone).Order().SequenceEqual(["a", "b", "c"]);

    public static bool AllHealthy(ModelStatus status) => VersionReplicas(status).All(r => r.Health == ReplicaHealth.Healthy);

    public static string Describe(ModelStatus? status) =>
        status is null
            ? "(not deployed)"
            : string.Join("; ", status.Versions.SelectMany(v => v.Replicas).Select(r => $"{r.ReplicaKey} {r.Silo} zone {r.Zone} {r.Health}"))
              + " | events: " + string.Join("; ", status.RecentEvents.Select(e => $"{e.Sequence} {e.Kind} {e.Message}"));
}
