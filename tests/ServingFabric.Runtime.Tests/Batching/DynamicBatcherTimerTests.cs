namespace ServingFabric.Runtime.Tests.Batching;

public sealed class DynamicBatcherTimerTests
{
    [Fact]
    public async Task EnqueueAsync_TimerFiresBeforeDelayByTheClock_RearmsAndDispatchesWhenDue()
    {
        // System timers and the wall clock round differently: a timer may fire just before the moment it was set
        // for. The batcher must then wait again rather than park the request until another one arrives.
        var engine = new TestEngine();
        var time = new EarlyFirstTimerTimeProvider();
        await using var batcher = BatcherFixture.Create(engine, time);
        var result = batcher.Enqueue(1, [1, 2]);
        await time.TimersCreated(1);

        time.Advance(BatcherFixture.Delay - TimeSpan.FromTicks(1));
        await time.TimersCreated(2).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(engine.Batches);

        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(Floats.TwicePlusOne(1, 2), Floats.Of((await result).Single()));
    }

    /// <summary>Fires the first timer one tick early, as a coarse system timer can.</summary>
    private sealed class EarlyFirstTimerTimeProvider : ObservedTimeProviderBase
    {
        private int _timers;

        protected override TimeSpan AdjustDueTime(TimeSpan dueTime) =>
            Interlocked.Increment(ref _timers) == 1 && dueTime > TimeSpan.Zero ? dueTime - TimeSpan.FromTicks(1) : dueTime;
    }
}
