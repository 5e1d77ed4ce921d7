using ServingFabric.Runtime.Batching;

namespace ServingFabric.Runtime.Tests.Batching;

/// <summary>
/// A batch thread with a group waiting for its queue delay sleeps until the moment itself (rounded up to the wait's
/// millisecond resolution) instead of relying on a timer callback alone, which a busy thread pool runs late.
/// </summary>
public sealed class DynamicBatcherWaitTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.3, 1)]
    [InlineData(1.0, 1)]
    [InlineData(2.2, 3)]
    [InlineData(40, 40)]
    public void WaitTime_DueSoon_WaitsUntilThenRoundedUpToAMillisecond(double dueInMilliseconds, double expectedMilliseconds)
    {
        var wait = DynamicBatcher.WaitTime(Now + TimeSpan.FromMilliseconds(dueInMilliseconds), Now);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), wait);
    }

    [Fact]
    public void WaitTime_DueAlreadyPassed_WaitsTheShortestWaitNotZero()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(1), DynamicBatcher.WaitTime(Now - TimeSpan.FromMilliseconds(5), Now));
    }

    [Fact]
    public void WaitTime_NothingDueOrDueFarAway_WaitsTheSafetyInterval()
    {
        Assert.Equal(DynamicBatcher.SafetyWakeInterval, DynamicBatcher.WaitTime(null, Now));
        Assert.Equal(DynamicBatcher.SafetyWakeInterval, DynamicBatcher.WaitTime(Now + TimeSpan.FromSeconds(10), Now));
    }
}
