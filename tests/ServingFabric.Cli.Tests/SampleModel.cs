using ServingFabric.Contracts;
using ServingFabric.Gateway.Operator;
using ServingFabric.Models;

namespace ServingFabric.Cli.Tests;

/// <summary>The operator API's JSON for a model with three replicas, one of them lost and back in another zone.</summary>
internal static class SampleModel
{
    public static readonly DateTimeOffset Observed = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ModelStatus Status { get; } = new(
        "iris",
        Loaded: true,
        Revision: 4,
        DefaultVersion: "1",
        new ReplicaBounds(3, 5),
        ReplicasPerVersion: 3,
        [
            new VersionStatus("1",
            [
                new ReplicaObservation("iris/1/0", "S10.0.0.1:11111:1", "a", "a", ReplicaState.Ready, ReplicaHealth.Healthy, null, 2, 1, Observed),
                new ReplicaObservation("iris/1/1", "S10.0.0.2:11111:1", "b", "b", ReplicaState.Ready, ReplicaHealth.Healthy, null, 0, 0, Observed),
                new ReplicaObservation("iris/1/2", "S10.0.0.1:11111:1", "a", "c", ReplicaState.Loading, ReplicaHealth.Warming, null, 0, 0, Observed),
            ]),
        ],
        [
            new ModelEvent(7, Observed.AddSeconds(-4), ModelEventKind.ReplicaLost, "iris/1/2", "S10.0.0.3:11111:1", "c", "replica iris/1/2 was lost with silo S10.0.0.3:11111:1"),
            new ModelEvent(8, Observed.AddSeconds(-3), ModelEventKind.ReplicaReplaced, "iris/1/2", "S10.0.0.1:11111:1", "a", "replica iris/1/2 is active again"),
        ]);

    public static string Json => System.Text.Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Model(Status), ManagementJsonContext.Default.ModelResponse));
}
