using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Scaling;
using ServingFabric.Scaling;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Grains.Tests.Scaling;

[Collection(ScalingClusterCollection.Name)]
public sealed class ScalingStatePersistenceTests(ScalingClusterFixture fixture)
{
    [Fact]
    public void Serialize_RouterScalingState_RoundTripsEveryMember()
    {
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var state = new RouterScalingState
        {
            Overrides = new ScalingSettings(MinReplicas: 2, MaxReplicas: 6, TargetP95Latency: TimeSpan.FromMilliseconds(150), QueueTimeout: TimeSpan.FromSeconds(3)),
            Versions =
            {
                ["1"] = new VersionScalingState
                {
                    Desired = 3, Active = 5, DrainStartedAt = at, Serving = [0, 1, 2], LimitedBy = nameof(ScalingLimit.MaxReplicas), ScaledUpAt = at.AddSeconds(-9),
                    Window = new AutoscalerWindow { Samples = [new AutoscalerSample(at, 4), new AutoscalerSample(at.AddSeconds(2), 3)] },
                },
            },
            RecentDecisions = [new ScalingDecisionView(at, "1", 5, 3, "the highest recommendation in the last 120 s is 3", new Dictionary<string, double> { ["in_flight"] = 11.5 })],
        };
        var serializer = fixture.Client.ServiceProvider.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<RouterScalingState>(serializer.SerializeToArray(state))!;

        Assert.Equal(state.Overrides, copy.Overrides);
        var version = copy.Versions["1"];
        Assert.Equal((3, 5, at, "MaxReplicas", at.AddSeconds(-9)), (version.Desired, version.Active, version.DrainStartedAt, version.LimitedBy, version.ScaledUpAt));
        Assert.Equal([0, 1, 2], version.Serving);
        Assert.Equal(state.Versions["1"].Window.Samples, version.Window.Samples);
        var decision = Assert.Single(copy.RecentDecisions);
        Assert.Equal((at, "1", 5, 3), (decision.At, decision.Version, decision.From, decision.To));
        Assert.Equal(11.5, decision.Inputs["in_flight"]);
    }
}
