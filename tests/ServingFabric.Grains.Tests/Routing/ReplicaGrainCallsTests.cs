using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Routing;
using ServingFabric.Grains.Supervision;
using ServingFabric.Models;
using static ServingFabric.Grains.Tests.Supervision.Clusters;

namespace ServingFabric.Grains.Tests.Routing;

/// <summary>The router's calls to replica grains, with the probe timeout on a fake clock.</summary>
public sealed class ReplicaGrainCallsTests
{
    private readonly FakeTimeProvider _time = new(Now);
    private readonly ReplicaSupervisorOptions _options = new();
    private readonly ScriptedReplicaGrain _replica = new();
    private readonly SingleGrainFactory _factory;
    private readonly ReplicaGrainCalls _calls;

    public ReplicaGrainCallsTests()
    {
        (var grains, _factory) = SingleGrainFactory.Of(_replica);
        _calls = new ReplicaGrainCalls(grains, _options, _time);
    }

    [Fact]
    public async Task ProbeAsync_ReplicaAnswers_IsItsStatus()
    {
        var status = new ReplicaStatus("m/1/0", ReplicaState.Ready, null, null, 0, 0, Name(1));
        _replica.Status.SetResult(status);

        var probe = await _calls.ProbeAsync("m/1/0");

        Assert.Equal(ReplicaProbe.Answered(status), probe);
        Assert.Equal(["m/1/0"], _factory.Keys);
    }

    [Fact]
    public async Task ProbeAsync_NoAnswerWithinTheTimeout_FailsSayingHowLongItWaited()
    {
        var probe = _calls.ProbeAsync("m/1/0");
        _time.Advance(_options.ProbeTimeout);

        Assert.Equal(ReplicaProbe.Failed("no answer within 5 s"), await probe);
    }

    [Fact]
    public async Task ProbeAsync_ReplicaThrows_FailsWithItsMessage()
    {
        _replica.Status.SetException(new SiloUnavailableException("silo S1 is dead"));

        Assert.Equal(ReplicaProbe.Failed("silo S1 is dead"), await _calls.ProbeAsync("m/1/0"));
    }

    [Fact]
    public async Task RelocateAsync_ReplicaMoves_PlacementIsToldTheSiblingSilos()
    {
        _replica.Moved.SetResult();

        await _calls.RelocateAsync("m/1/1", "S1;S2");

        Assert.Equal("S1;S2", _replica.SiblingSilosSeen);
    }

    [Fact]
    public async Task RelocateAsync_NoAnswerWithinTheTimeout_Throws()
    {
        var move = _calls.RelocateAsync("m/1/1", "S1");
        _time.Advance(_options.ProbeTimeout);

        await Assert.ThrowsAsync<TimeoutException>(() => move);
    }
}
