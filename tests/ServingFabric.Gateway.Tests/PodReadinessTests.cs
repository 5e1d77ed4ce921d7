using ServingFabric.Health;
using ServingFabric.Hosting;
using ServingFabric.Models;
using ServingFabric.Runtime.Hosting;

namespace ServingFabric.Gateway.Tests;

/// <summary>The readiness condition on this silo's own model versions: loading is fine within the grace, failed ones are not held.</summary>
public sealed class PodReadinessTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    [Fact]
    public void SlowLoad_ReadyAndLoadingWithinGrace_Null()
    {
        LoadedModelInfo[] held =
        [
            new("iris", "1", ReplicaState.Ready, 1, 0, 0),
            new("big", "1", ReplicaState.Loading, 1, 0, 0, LoadingFor: Grace),
        ];

        Assert.Null(PodReadiness.SlowLoad(held, Grace));
    }

    [Fact]
    public void SlowLoad_LoadingPastGrace_NamesModelsConditionAndTheVersion()
    {
        LoadedModelInfo[] held =
        [
            new("iris", "1", ReplicaState.Ready, 1, 0, 0),
            new("big", "3", ReplicaState.Loading, 1, 0, 0, LoadingFor: TimeSpan.FromSeconds(121)),
        ];

        var failure = PodReadiness.SlowLoad(held, Grace);

        Assert.Equal(ReadinessConditions.Models, failure?.Condition);
        Assert.StartsWith("model 'big' version '3' has been loading on this silo for 121 s, longer than ServingFabric:Gateway:ReadinessLoadGrace (120 s)", failure?.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SlowLoad_NothingHeld_Null() => Assert.Null(PodReadiness.SlowLoad([], Grace));
}
