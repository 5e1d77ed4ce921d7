using ServingFabric.Scaling;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Traffic.Tests.Scaling;

public sealed class ScalingOverridesTests
{
    [Fact]
    public void Merge_NullMembers_KeepTheCurrentOverrides()
    {
        var current = new ScalingSettings(MinReplicas: 2, MaxReplicas: 6, QueueTimeout: TimeSpan.FromSeconds(3));

        var merged = ScalingOverrides.Merge(current, new ScalingSettings(MaxReplicas: 8, TargetInFlightPerReplica: 3));

        Assert.Equal(new ScalingSettings(MinReplicas: 2, MaxReplicas: 8, TargetInFlightPerReplica: 3, QueueTimeout: TimeSpan.FromSeconds(3)), merged);
    }

    [Fact]
    public void Validate_ConsistentSettings_FindsNothing()
    {
        var settings = new ScalingSettings(2, 5, 4, 16, TimeSpan.FromMilliseconds(200), 80, 85, TimeSpan.FromMinutes(1), TimeSpan.Zero, 16, 32, TimeSpan.FromSeconds(5));

        Assert.Empty(ScalingOverrides.Validate("iris", settings, deployedMinimum: 1, maxReplicasLimit: 100));
    }

    [Fact]
    public void Validate_MinBelowDeployedMinimum_SaysHowToGoLower()
    {
        var failure = Assert.Single(ScalingOverrides.Validate("iris", new ScalingSettings(MinReplicas: 1), deployedMinimum: 3, maxReplicasLimit: 100));

        Assert.StartsWith("minReplicas is 1; set at least 3: model 'iris' is deployed with 3 replica(s) per version", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MaxBelowMin_NamesBoth()
    {
        var failure = Assert.Single(ScalingOverrides.Validate("iris", new ScalingSettings(MinReplicas: 4, MaxReplicas: 2), 1, 100));

        Assert.Equal("maxReplicas 2 is below minReplicas 4; set maxReplicas to 4 or more, or lower minReplicas.", failure);
    }

    [Fact]
    public void Validate_EveryMemberWrong_ReportsEach()
    {
        var settings = new ScalingSettings(0, 500, -1, 0, TimeSpan.Zero, 120, -5, TimeSpan.FromSeconds(-1), TimeSpan.FromHours(2), 0, -1, TimeSpan.Zero);

        var failures = ScalingOverrides.Validate("iris", settings, 1, 100);

        Assert.Equal(
        [
            "minReplicas", "maxReplicas", "targetInFlightPerReplica", "targetQueueDepthPerReplica", "targetP95Latency", "maxCpuPercent",
            "maxMemoryPercent", "scaleDownStabilization", "scaleUpStabilization", "maxConcurrency", "maxQueueLength", "queueTimeout",
        ], failures.Select(f => f.Split(' ')[0]));
    }
}
