using ServingFabric.Models;
using ServingFabric.Scaling;
using ServingFabric.Traffic.Scaling;

namespace ServingFabric.Traffic.Tests.Scaling;

public sealed class ScalingTargetsTests
{
    private static readonly ReplicaAutoscalerOptions Defaults = new();

    [Fact]
    public void Resolve_NothingSet_DerivesTargetsFromBatchAndKeepsMaxAtMin()
    {
        var targets = ScalingTargets.Resolve(new ScalingSettings(), deployedMinimum: 2, configured: null, maxBatchSize: 8, Defaults);

        Assert.Equal(new ScalingTargets(2, 2, 16, 16, null, 80, 85, TimeSpan.FromMinutes(2), TimeSpan.Zero), targets);
    }

    [Fact]
    public void Resolve_NoBatching_TargetsFourInFlight()
    {
        var targets = ScalingTargets.Resolve(new ScalingSettings(), 1, new ReplicaBounds(1, 5), 0, Defaults);

        Assert.Equal(4, targets.TargetInFlightPerReplica);
        Assert.Equal(5, targets.MaxReplicas);
    }

    [Fact]
    public void Resolve_Overrides_WinOverConfigAndDefaults()
    {
        var overrides = new ScalingSettings(MinReplicas: 3, MaxReplicas: 9, TargetInFlightPerReplica: 2.5, TargetP95Latency: TimeSpan.FromMilliseconds(80),
            MaxCpuPercent: 70, ScaleDownStabilization: TimeSpan.FromSeconds(30));

        var targets = ScalingTargets.Resolve(overrides, 1, new ReplicaBounds(1, 5), 8, Defaults);

        Assert.Equal(new ScalingTargets(3, 9, 2.5, 16, TimeSpan.FromMilliseconds(80), 70, 85, TimeSpan.FromSeconds(30), TimeSpan.Zero), targets);
    }

    [Fact]
    public void ToSettings_EffectiveTargets_SetsEveryScalingMemberAndKeepsAdmission()
    {
        var targets = ScalingTargets.Resolve(new ScalingSettings(), 1, new ReplicaBounds(1, 4), 0, Defaults);

        var settings = targets.ToSettings(new ScalingSettings(MaxConcurrency: 8));

        Assert.Equal(new ScalingSettings(1, 4, 4, 4, null, 80, 85, TimeSpan.FromMinutes(2), TimeSpan.Zero, 8, null, null), settings);
    }
}
