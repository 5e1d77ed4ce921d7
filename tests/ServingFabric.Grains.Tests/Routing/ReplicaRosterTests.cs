using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Scaling;
using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Supervision.Clusters;

namespace ServingFabric.Grains.Tests.Routing;

public sealed class ReplicaRosterTests
{
    private static readonly ModelDeploymentSpec Spec = new("m", new ModelConfig(), ["1"], "1", ReplicasPerVersion: 2);

    [Fact]
    public void Counts_WithoutScalingState_AreTheDeployedMinimum()
    {
        var roster = new ReplicaRoster(new ModelRouterState(), Spec);

        Assert.Equal((2, 2), (roster.ActiveCount("1"), roster.DesiredCount("1")));
        Assert.Equal(["m/1/0", "m/1/1"], roster.ActiveKeys("1"));
        Assert.Equal(["m/1/0", "m/1/1"], roster.ServingKeys("1"));
    }

    [Fact]
    public void Counts_BelowTheDeployedMinimum_AreRaisedToIt()
    {
        var state = new ModelRouterState();
        state.Scaling.Versions["1"] = new VersionScalingState { Desired = 1, Active = 1 };

        var roster = new ReplicaRoster(state, Spec);

        Assert.Equal((2, 2), (roster.ActiveCount("1"), roster.DesiredCount("1")));
    }

    [Fact]
    public void ServingKeys_AboveTheMinimum_OnlyReadyDesiredOnes()
    {
        var state = new ModelRouterState();
        state.Scaling.Versions["1"] = new VersionScalingState { Desired = 4, Active = 5, Serving = [0, 1, 2, 3, 4] };
        state.Replicas["m/1/2"] = Seen("m/1/2", 1, null, ReplicaHealth.Warming);
        state.Replicas["m/1/3"] = Seen("m/1/3", 1, null);
        state.Replicas["m/1/4"] = Seen("m/1/4", 1, null);

        var roster = new ReplicaRoster(state, Spec);

        Assert.Equal(["m/1/0", "m/1/1", "m/1/3"], roster.ServingKeys("1"));
        Assert.Equal((5, 4), (roster.ActiveCount("1"), roster.DesiredCount("1")));
        Assert.Equal(["m/1/0", "m/1/1", "m/1/2", "m/1/3", "m/1/4", "m/2/0", "m/2/1"], roster.ActiveKeys(["1", "2"]));
    }
}
