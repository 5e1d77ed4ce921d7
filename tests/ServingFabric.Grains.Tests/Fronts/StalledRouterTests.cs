namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>A router that stops answering (its silo frozen) must not hold the requests of fronts that have a table.</summary>
[Collection(TrafficClusterCollection.Name)]
public sealed class StalledRouterTests(TrafficClusterFixture fixture)
{
    private const string Model = "stalled";

    [Fact]
    public async Task Infer_RouterStopsAnsweringAfterATableIsCached_ServedFromTheCachedTable()
    {
        await fixture.InferAsync(Model, 1);
        var stalledBefore = fixture.Traffic.StalledCalls;
        fixture.Traffic.Stall(Model);
        try
        {
            // The fixture's TTL is zero: each of these would ask the router; all are answered while it is stalled.
            for (var n = 2; n < 12; n++)
            {
                await fixture.InferAsync(Model, n).WaitAsync(TimeSpan.FromSeconds(20));
            }

            Assert.True(fixture.Traffic.StalledCalls > stalledBefore, "no routing-table call reached the stalled router");
            Assert.True(fixture.Traffic.StalledCalls - stalledBefore <= 2, $"{fixture.Traffic.StalledCalls - stalledBefore} routing-table calls waited on the stalled router; one at a time was expected");
        }
        finally
        {
            fixture.Traffic.Resume(Model);
        }

        await fixture.InferAsync(Model, 20);
    }
}
