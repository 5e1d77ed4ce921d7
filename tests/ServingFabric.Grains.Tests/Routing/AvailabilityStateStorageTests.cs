using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Tests.Releases;
using ServingFabric.Models;
using ServingFabric.Releases;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>The availability counts go through the silo's grain storage serializer with the router's state, so a restarted router keeps its windows.</summary>
[Collection(ReleaseClusterCollection.Name)]
public sealed class AvailabilityStateStorageTests(ReleaseClusterFixture fixture)
{
    [Fact]
    public void Deserialize_StoredRouterState_KeepsEveryWindowsCounts()
    {
        var now = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var state = new ModelRouterState();
        AvailabilityLedger.Record(state.Availability, new OutcomeReport("silo", null, TimeSpan.FromSeconds(1),
            [new VersionOutcomes("1", 1000, 2, 0, 1000, 0, 0, 0, 0, 0, [], 1000, 997), new VersionOutcomes("2", 10, 0, 0, 10, 0, 0, 0, 0, 0, [], 10, 10)]), now);
        var before = AvailabilityLedger.View(state.Availability, ServiceLevelObjective.Default, now);
        var serializer = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IGrainStorageSerializer>();

        var read = serializer.Deserialize<ModelRouterState>(serializer.Serialize(state))!;

        var after = AvailabilityLedger.View(read.Availability, ServiceLevelObjective.Default, now);
        Assert.Equal(before.Windows, after.Windows);
        Assert.Equal(before.Versions.Select(v => (v.Version, v.Windows[3])), after.Versions.Select(v => (v.Version, v.Windows[3])));
        Assert.Equal(1007, after.Windows[3].Good);
    }

    [Fact]
    public void Deserialize_StoredRouterState_KeepsTheProbeCounts()
    {
        var now = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var state = new ModelRouterState();
        AvailabilityLedger.RecordProbe(state.Probes, "1", good: true, now);
        AvailabilityLedger.RecordProbe(state.Probes, "1", good: false, now);
        var serializer = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IGrainStorageSerializer>();

        var read = serializer.Deserialize<ModelRouterState>(serializer.Serialize(state))!;

        Assert.Equal((2L, 1L), AvailabilityLedger.View(read.Probes, ServiceLevelObjective.Default, now).Windows.Select(w => (w.Valid, w.Good)).First());
        Assert.Empty(AvailabilityLedger.View(read.Availability, ServiceLevelObjective.Default, now).Versions);
    }
}
