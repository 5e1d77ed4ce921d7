using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Fronts;
using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Fronts.FrontTables;

namespace ServingFabric.Grains.Tests.Fronts;

public sealed class ReplicaStatusProbesTests
{
    private readonly FakeReplicaGrains _grains = new();
    private readonly ReplicaStatusProbes _probes;

    public ReplicaStatusProbesTests()
    {
        var options = Options.Create(new InferenceFrontOptions());
        _probes = new ReplicaStatusProbes(options, new ReplicaBalancer(options, new FakeTimeProvider()), _grains, null!, NullLogger<ReplicaStatusProbes>.Instance);
    }

    [Fact]
    public async Task GetReadinessAsync_UnloadedModel_NotReadyWithoutAskingReplicas()
    {
        var table = Table() with { Loaded = false };

        var readiness = await _probes.GetReadinessAsync(table, table.Versions[0]);

        Assert.Equal(new ModelReadiness(false, "1", "model 'm' is unloaded"), readiness);
    }

    [Fact]
    public async Task GetReadinessAsync_SecondReplicaReady_Ready()
    {
        _grains.Add("m/1/0", new FakeReplica(status: Status("m/1/0", ReplicaState.Loading)));
        _grains.Add("m/1/1", new FakeReplica(status: Status("m/1/1", ReplicaState.Ready)));

        Assert.Equal(new ModelReadiness(true, "1", null), await _probes.GetReadinessAsync(Table(), Table().Versions[0]));
    }

    [Fact]
    public async Task GetReadinessAsync_NoReplicaReady_TheLastReplicasReason()
    {
        _grains.Add("m/1/0", new FakeReplica(status: Status("m/1/0", ReplicaState.Loading)));
        _grains.Add("m/1/1", new FakeReplica(status: Status("m/1/1", ReplicaState.Failed) with { Error = "artifact checksum differs" }));

        Assert.Equal(new ModelReadiness(false, "1", "artifact checksum differs"), await _probes.GetReadinessAsync(Table(), Table().Versions[0]));
    }

    [Fact]
    public async Task EnsureLoadedAsync_FirstReplicaAnswers_ItsStatus()
    {
        var status = Status("m/1/0", ReplicaState.Ready);
        _grains.Add("m/1/0", new FakeReplica(status: status));

        Assert.Same(status, await _probes.EnsureLoadedAsync(Table().Versions[0], default));
    }

    private static ReplicaStatus Status(string key, ReplicaState state) => new(key, state, null, null, 0, 0, "silo");
}
