using ServingFabric.Grains.Scaling;

namespace ServingFabric.Grains.Tests.Scaling;

public sealed class ReplicaScalingOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new ReplicaScalingOptionsValidator().Validate(null, new ReplicaScalingOptions()).Succeeded);

    [Fact]
    public void Validate_DrainDelayLongerThanTimeoutAndBadPolicy_NamesBothSettings()
    {
        var options = new ReplicaScalingOptions { DrainDelay = TimeSpan.FromMinutes(1), Policy = { Tolerance = -0.5 } };

        var result = new ReplicaScalingOptionsValidator().Validate(null, options);

        Assert.Equal(
        [
            "ServingFabric:Scaling:DrainDelay is 00:01:00; set from 0 to DrainTimeout (00:00:30), such as 00:00:02 (twice ServingFabric:Inference:RoutingTableTtl).",
            "ServingFabric:Scaling:Policy:Tolerance is -0.5; set a share in [0, 1) such as 0.1.",
        ], result.Failures);
    }
}
