namespace ServingFabric.Runtime.Tests.Batching;

public sealed class DynamicBatcherMergingTests
{
    private readonly TestEngine _engine = new();
    private readonly ObservedTimeProvider _time = new();

    [Fact]
    public async Task EnqueueAsync_ConcurrentRequestsWithinDelay_MergedIntoOneBatchWithExactAnswers()
    {
        var observer = new RecordingObserver();
        await using var batcher = BatcherFixture.Create(_engine, _time, observer: observer);

        var first = batcher.Enqueue(1, [1, 2]);
        var second = batcher.Enqueue(2, [3, 4, 5, 6]);
        var third = batcher.Enqueue(1, [7, 8]);
        await _time.TimersCreated(1);
        _time.Advance(BatcherFixture.Delay);

        Assert.Equal(Floats.TwicePlusOne(1, 2), Floats.Of((await first).Single()));
        Assert.Equal(Floats.TwicePlusOne(3, 4, 5, 6), Floats.Of((await second).Single()));
        Assert.Equal(Floats.TwicePlusOne(7, 8), Floats.Of((await third).Single()));
        Assert.Equal(new long[] { 2, 2 }, (await second).Single().Shape);
        var batch = Assert.Single(_engine.Batches);
        Assert.Equal(new long[] { 4, 2 }, batch.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], batch.Values);
        Assert.Equal((4, 3, BatcherFixture.Delay, TimeSpan.Zero), Assert.Single(observer.Batches));
    }

    [Fact]
    public async Task EnqueueAsync_BeforeDelay_NotDispatchedUntilTimeAdvances()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time);
        var result = batcher.Enqueue(1, [1, 2]);
        await _time.TimersCreated(1);
        _time.Advance(BatcherFixture.Delay - TimeSpan.FromTicks(1));

        Assert.Empty(_engine.Batches);
        Assert.False(result.IsCompleted);
        Assert.Equal(1, batcher.QueueDepth);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(Floats.TwicePlusOne(1, 2), Floats.Of((await result).Single()));
        Assert.Equal(0, batcher.QueueDepth);
    }

    [Fact]
    public async Task EnqueueAsync_PreferredSizeReached_DispatchesWithoutWaiting()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time, delay: TimeSpan.FromHours(1), preferred: [2]);

        var first = batcher.Enqueue(1, [1, 2]);
        var second = batcher.Enqueue(1, [3, 4]);

        Assert.Equal(Floats.TwicePlusOne(1, 2), Floats.Of((await first).Single()));
        Assert.Equal(Floats.TwicePlusOne(3, 4), Floats.Of((await second).Single()));
        Assert.Equal(2, Assert.Single(_engine.Batches).Rows);
    }

    [Fact]
    public async Task EnqueueAsync_MaxBatchSizeReached_DispatchesFullBatchAndKeepsTheRestWaiting()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time, maxBatchSize: 4, delay: TimeSpan.FromHours(1));

        var first = batcher.Enqueue(2, [1, 2, 3, 4]);
        var second = batcher.Enqueue(2, [5, 6, 7, 8]);
        var third = batcher.Enqueue(1, [9, 10]);
        await Task.WhenAll(first, second);

        Assert.False(third.IsCompleted);
        Assert.Equal(4, Assert.Single(_engine.Batches).Rows);
        await _time.TimersCreated(1);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(Floats.TwicePlusOne(9, 10), Floats.Of((await third).Single()));
        Assert.Equal([4L, 1L], _engine.Batches.Select(b => b.Rows));
    }

    [Fact]
    public async Task EnqueueAsync_RequestDoesNotFitRemainingRows_NeverSplit()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time, maxBatchSize: 4);

        var first = batcher.Enqueue(3, [1, 2, 3, 4, 5, 6]);
        var second = batcher.Enqueue(2, [7, 8, 9, 10]);
        await _time.TimersCreated(1);
        _time.Advance(BatcherFixture.Delay);

        Assert.Equal(Floats.TwicePlusOne(1, 2, 3, 4, 5, 6), Floats.Of((await first).Single()));
        Assert.Equal(Floats.TwicePlusOne(7, 8, 9, 10), Floats.Of((await second).Single()));
        Assert.Equal([3L, 2L], _engine.Batches.Select(b => b.Rows));
    }

    [Fact]
    public async Task EnqueueAsync_DifferentNonBatchDimensions_NeverMixedInOneBatch()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time);

        var pair = batcher.Enqueue(1, [1, 2]);
        var triple = batcher.Enqueue(1, [3, 4, 5]);
        var otherPair = batcher.Enqueue(1, [6, 7]);
        await _time.TimersCreated(1);
        _time.Advance(BatcherFixture.Delay);

        Assert.Equal(Floats.TwicePlusOne(1, 2), Floats.Of((await pair).Single()));
        Assert.Equal(Floats.TwicePlusOne(3, 4, 5), Floats.Of((await triple).Single()));
        Assert.Equal(Floats.TwicePlusOne(6, 7), Floats.Of((await otherPair).Single()));
        Assert.Equal([[2L, 2L], [1L, 3L]], _engine.Batches.Select(b => b.Shape));
    }

    [Fact]
    public async Task EnqueueAsync_RequestsAskForDifferentOutputs_EachGetsItsOwnInItsOrder()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time);

        var negOnly = batcher.Enqueue(1, [1, 2], ["neg"]);
        var both = batcher.Enqueue(1, [3, 4], ["y", "neg"]);
        var all = batcher.Enqueue(1, [5, 6], []);
        await _time.TimersCreated(1);
        _time.Advance(BatcherFixture.Delay);

        var negOnlyResult = Assert.Single(await negOnly);
        Assert.Equal("neg", negOnlyResult.Name);
        Assert.Equal([-1f, -2], Floats.Of(negOnlyResult));
        Assert.Equal(["y", "neg"], (await both).Select(t => t.Name));
        Assert.Equal([Floats.TwicePlusOne(3, 4), [-3f, -4]], (await both).Select(Floats.Of));
        Assert.Equal(["y", "neg"], (await all).Select(t => t.Name));
        Assert.Equal([Floats.TwicePlusOne(5, 6), [-5f, -6]], (await all).Select(Floats.Of));
        Assert.Equal(["neg", "y"], Assert.Single(_engine.Batches).OutputNames);
    }

    [Fact]
    public async Task EnqueueAsync_BatchingDisabled_RunsEachRequestAlone()
    {
        _engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var batcher = BatcherFixture.Create(_engine, _time, maxBatchSize: 0);

        var first = batcher.EnqueueAsync([Floats.X(1, 1, 2)], 1, ["y"], null, default);
        await _engine.Started.Task;
        var second = batcher.EnqueueAsync([Floats.X(1, 3, 4)], 1, ["y"], null, default);
        var third = batcher.EnqueueAsync([Floats.X(1, 5, 6)], 1, ["y"], null, default);
        _engine.Gate.SetResult();
        await Task.WhenAll(first, second, third);

        Assert.Equal([1L, 1L, 1L], _engine.Batches.Select(b => b.Rows));
        Assert.Equal(Floats.TwicePlusOne(5, 6), Floats.Of((await third).Single()));
    }

    [Fact]
    public async Task EnqueueAsync_LoneRequest_GetsEngineOutputWithItsShape()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time, delay: TimeSpan.Zero);

        var result = Assert.Single(await batcher.Enqueue(2, [1, 2, 3, 4]));

        Assert.Equal(new long[] { 2, 2 }, result.Shape);
        Assert.Equal(Floats.TwicePlusOne(1, 2, 3, 4), Floats.Of(result));
    }
}
