using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Fronts.LoadBalancingClusterFixture;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>A replica whose every inference fails is ejected by the front; the retry hides its failures from callers.</summary>
public sealed class OutlierEjectionTests(LoadBalancingClusterFixture fixture) : IClassFixture<LoadBalancingClusterFixture>
{
    [Fact]
    public async Task Infer_ReplicaFailsEveryCall_EjectedReceivesNoTrafficAndNoCallerSeesAFailure()
    {
        await fixture.WaitUntilSpreadAndHealthyAsync();
        var broken = ReplicaKeyOf(1);
        fixture.Faults.Fail(broken);

        // Until the broken replica has failed five times in a row (the default rule), every call still succeeds:
        // each failure is retried on a healthy replica. Power of two choices reaches it within a few dozen calls.
        var sent = 0;
        while (fixture.Faults.CallsTo(broken) < 5)
        {
            Assert.True(sent < 1000, $"the broken replica got {fixture.Faults.CallsTo(broken)} calls in {sent} requests");
            await fixture.InferAsync(sent++);
        }

        var ejected = await fixture.WaitForEventAsync(ModelEventKind.ReplicaEjected, broken);
        var healthyBefore = fixture.Faults.CallsTo(ReplicaKeyOf(0)) + fixture.Faults.CallsTo(ReplicaKeyOf(2));

        for (var i = 0; i < 100; i++)
        {
            await fixture.InferAsync(sent + i);
        }

        Assert.Equal(5, fixture.Faults.CallsTo(broken));
        Assert.Equal(healthyBefore + 100, fixture.Faults.CallsTo(ReplicaKeyOf(0)) + fixture.Faults.CallsTo(ReplicaKeyOf(2)));
        Assert.Contains("5 consecutive failures", ejected.Message, StringComparison.Ordinal);
    }
}
