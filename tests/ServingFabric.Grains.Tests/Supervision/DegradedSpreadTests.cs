using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Supervision.ReplicaSpread;

namespace ServingFabric.Grains.Tests.Supervision;

/// <summary>Silo_0 zone a, Silo_1 zone b, Silo_2 zone a: fewer zones than replicas.</summary>
public sealed class DegradedSpreadTests(TwoZoneClusterFixture fixture) : IClassFixture<TwoZoneClusterFixture>
{
    [Fact]
    public async Task Replicas_TwoZonesThreeReplicas_SpreadTwoPlusOneAndSayDegradedOnce()
    {
        var status = await WaitForStatusAsync(fixture,
            s => AllHealthy(s) && VersionReplicas(s).GroupBy(r => r.Zone).Select(g => g.Count()).Order().SequenceEqual([1, 2])
                && s.RecentEvents.Any(e => e.Kind == ModelEventKind.SpreadDegraded && e.Message.Contains("over 2 zone(s)", StringComparison.Ordinal)),
            "replicas spread 2 + 1 with a SpreadDegraded event");

        // Which zone gets two depends on the order silos were seen in while the cluster formed.
        Assert.Equal(["a", "b"], VersionReplicas(status).Select(r => r.Zone).Distinct().Order());
        // Silos join one by one, so the spread may have been degraded differently while the cluster formed; each
        // degraded shape is reported once, not at every round.
        var degraded = Assert.Single(await fixture.Client.GetGrain<IModelRouterGrain>(ZoneClusterFixture.Model).GetEvents(0),
            e => e.Kind == ModelEventKind.SpreadDegraded && e.Message.Contains("over 2 zone(s)", StringComparison.Ordinal));
        Assert.StartsWith("3 replicas of iris/1 over 2 zone(s)", degraded.Message, StringComparison.Ordinal);
    }
}
