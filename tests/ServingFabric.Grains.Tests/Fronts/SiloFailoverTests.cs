using System.Collections.Concurrent;
using static ServingFabric.Grains.Tests.Fronts.LoadBalancingClusterFixture;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>A silo hosting a replica dies under load: requests caught on it are retried on another replica.</summary>
public sealed class SiloFailoverTests(LoadBalancingClusterFixture fixture) : IClassFixture<LoadBalancingClusterFixture>
{
    private const int Workers = 4;

    [Fact]
    public async Task Infer_SiloOfAReplicaKilledUnderLoad_NoRequestFails()
    {
        var silos = await fixture.WaitUntilSpreadAndHealthyAsync();
        var gateway = fixture.Cluster.Silos.Single(s => s.Name == "Silo_0").SiloAddress.ToString();
        var victimIndex = silos.ToList().FindIndex(s => s != gateway);
        var victim = fixture.Cluster.Silos.Single(s => s.SiloAddress.ToString() == silos[victimIndex]);

        var failures = new ConcurrentQueue<string>();
        var completed = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await fixture.InferAsync((w * 1_000_000) + i);
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"{ex.GetType().Name}: {ex.Message}");
                }

                Interlocked.Increment(ref completed);
            }
        })).ToArray();

        await WaitForCompletedAsync(() => Volatile.Read(ref completed), 100);
        var victimCallsBefore = fixture.Faults.CallsTo(ReplicaKeyOf(victimIndex));
        await fixture.Cluster.KillSiloAsync(victim);
        var atKill = Volatile.Read(ref completed);
        await WaitForCompletedAsync(() => Volatile.Read(ref completed), atKill + 300);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.True(victimCallsBefore > 0, "the victim's replica took no traffic before the kill: the test proves nothing");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {completed} requests failed: {string.Join(" | ", failures.Take(5))}");
    }

    private static async Task WaitForCompletedAsync(Func<int> completed, int target)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (completed() < target)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }
}
