using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Grains.Routing;
using static ServingFabric.Grains.Tests.Supervision.Clusters;

namespace ServingFabric.Grains.Tests.Routing;

public sealed class RetiredReplicasTests
{
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(2);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly FakeReplicaCalls _replicas = new();
    private readonly RetiredReplicas _retired;

    public RetiredReplicasTests() => _retired = new RetiredReplicas(_replicas, DrainDelay, _time, NullLogger<RetiredReplicas>.Instance);

    [Fact]
    public async Task UnloadDueAsync_BeforeTheDrainDelay_UnloadsNothing()
    {
        _retired.Schedule(["m/1/0"]);
        _time.Advance(DrainDelay - TimeSpan.FromMilliseconds(1));

        await _retired.UnloadDueAsync();

        Assert.Empty(_replicas.Unloaded);
    }

    [Fact]
    public async Task UnloadDueAsync_AfterTheDrainDelay_UnloadsEachKeyOnce()
    {
        _retired.Schedule(["m/1/0", "m/1/1"]);
        _time.Advance(DrainDelay);

        await _retired.UnloadDueAsync();
        await _retired.UnloadDueAsync();

        Assert.Equal(["m/1/0", "m/1/1"], _replicas.Unloaded);
    }

    [Fact]
    public async Task UnloadDueAsync_Forced_UnloadsBeforeTheDelay()
    {
        _retired.Schedule(["m/1/0"]);

        await _retired.UnloadDueAsync(force: true);

        Assert.Equal(["m/1/0"], _replicas.Unloaded);
    }

    [Fact]
    public async Task UnloadDueAsync_OneUnloadFails_UnloadsTheOthersAndDoesNotRetry()
    {
        _replicas.FailingUnloads.Add("m/1/0");
        _retired.Schedule(["m/1/0", "m/1/1"]);
        _time.Advance(DrainDelay);

        await _retired.UnloadDueAsync();
        await _retired.UnloadDueAsync(force: true);

        Assert.Equal(["m/1/0", "m/1/1"], _replicas.Unloaded);
    }
}
