using ServingFabric.Inference;

namespace ServingFabric.Runtime.Tests.Batching;

public sealed class DynamicBatcherLimitsTests
{
    private readonly TestEngine _engine = new();
    private readonly ObservedTimeProvider _time = new();
    private readonly RecordingObserver _observer = new();

    [Fact]
    public async Task EnqueueAsync_QueueHasNoRoomForRows_FailsAtOnceWithQueueFull()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time, delay: TimeSpan.FromHours(1), maxQueueSize: 3, observer: _observer);
        var waiting = batcher.Enqueue(2, [1, 2, 3, 4]);

        var error = await Assert.ThrowsAsync<InferenceException>(() => batcher.Enqueue(2, [5, 6, 7, 8]));

        Assert.Equal(InferenceErrorKind.QueueFull, error.Kind);
        Assert.Equal(1, error.RetryAfterSeconds);
        Assert.Equal("queue full: model 'm' version '1' has 2 rows waiting (max 3); retry later", error.Message);
        Assert.Equal((2, 1), (batcher.QueueDepth, batcher.QueuedRequests));
        Assert.Equal([InferenceErrorKind.QueueFull], _observer.Rejections);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task EnqueueAsync_DeadlinePassesBeforeBatchForms_DeadlineExceededAndNeverRun()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time, observer: _observer);
        var late = batcher.Enqueue(1, [1, 2], deadline: _time.GetUtcNow() + TimeSpan.FromMilliseconds(5));
        var onTime = batcher.Enqueue(1, [3, 4]);
        await _time.TimersCreated(1);

        _time.Advance(BatcherFixture.Delay);

        var error = await Assert.ThrowsAsync<InferenceException>(() => late);
        Assert.Equal(InferenceErrorKind.DeadlineExceeded, error.Kind);
        Assert.Contains("model 'm' version '1'", error.Message, StringComparison.Ordinal);
        Assert.Equal(Floats.TwicePlusOne(3, 4), Floats.Of((await onTime).Single()));
        Assert.Equal([3f, 4], Assert.Single(_engine.Batches).Values);
        Assert.Equal([InferenceErrorKind.DeadlineExceeded], _observer.Rejections);
    }

    [Fact]
    public async Task EnqueueAsync_DeadlineAlreadyPassed_DeadlineExceededWithoutQueuing()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time);

        var error = await Assert.ThrowsAsync<InferenceException>(() => batcher.Enqueue(1, [1, 2], deadline: _time.GetUtcNow()));

        Assert.Equal(InferenceErrorKind.DeadlineExceeded, error.Kind);
        Assert.Equal(0, batcher.QueuedRequests);
    }

    [Fact]
    public async Task EnqueueAsync_CancelledWhileQueued_RemovedAndNeverRun()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time);
        using var cts = new CancellationTokenSource();
        var cancelled = batcher.Enqueue(1, [1, 2], ct: cts.Token);
        var kept = batcher.Enqueue(1, [3, 4]);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, batcher.QueueDepth);
        await _time.TimersCreated(1);
        _time.Advance(BatcherFixture.Delay);
        await kept;
        Assert.Equal([3f, 4], Assert.Single(_engine.Batches).Values);
    }

    [Fact]
    public async Task EnqueueAsync_RowsAboveMaxBatchSize_ThrowsInvalidInput()
    {
        await using var batcher = BatcherFixture.Create(_engine, _time, maxBatchSize: 2);

        var error = Assert.Throws<InferenceException>(() => { _ = batcher.Enqueue(3, [1, 2, 3]); });

        Assert.Equal(InferenceErrorKind.InvalidInput, error.Kind);
        Assert.Contains("at most 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueAsync_EngineThrows_EveryRequestOfTheBatchFailsInternalAndLoopGoesOn()
    {
        _engine.Failure = new InvalidOperationException("boom");
        await using var batcher = BatcherFixture.Create(_engine, _time, observer: _observer);
        var first = batcher.Enqueue(1, [1, 2]);
        var second = batcher.Enqueue(1, [3, 4]);
        await _time.TimersCreated(1);

        _time.Advance(BatcherFixture.Delay);

        foreach (var failed in new[] { first, second })
        {
            var error = await Assert.ThrowsAsync<InferenceException>(() => failed);
            Assert.Equal(InferenceErrorKind.Internal, error.Kind);
            Assert.Equal("model 'm' version '1' failed: boom", error.Message);
        }

        Assert.Equal([InferenceErrorKind.Internal, InferenceErrorKind.Internal], _observer.Rejections);
        _engine.Failure = null;
        var next = batcher.Enqueue(1, [5, 6]);
        await _time.TimersCreated(2);
        _time.Advance(BatcherFixture.Delay);
        Assert.Equal(Floats.TwicePlusOne(5, 6), Floats.Of((await next).Single()));
    }

    [Fact]
    public async Task DisposeAsync_WorkInFlightAndQueued_RefusesNewRunsQueuedAndJoins()
    {
        _engine.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = BatcherFixture.Create(_engine, _time, maxBatchSize: 1, delay: TimeSpan.FromHours(1), observer: _observer);
        var running = batcher.Enqueue(1, [1, 2]);
        await _engine.Started.Task;
        var queued = batcher.Enqueue(1, [3, 4]);

        var disposing = batcher.DisposeAsync();
        var error = await Assert.ThrowsAsync<InferenceException>(() => batcher.Enqueue(1, [5, 6]));
        Assert.False(disposing.IsCompleted);
        _engine.Gate.SetResult();
        await disposing;

        Assert.Equal(InferenceErrorKind.Unavailable, error.Kind);
        Assert.Contains("unloading", error.Message, StringComparison.Ordinal);
        Assert.Equal(Floats.TwicePlusOne(1, 2), Floats.Of((await running).Single()));
        Assert.Equal(Floats.TwicePlusOne(3, 4), Floats.Of((await queued).Single()));
        Assert.Equal(2, _engine.Batches.Count);
    }

    [Fact]
    public async Task DisposeAsync_RequestWaitingForDelay_RunsItWithoutWaiting()
    {
        var batcher = BatcherFixture.Create(_engine, _time, delay: TimeSpan.FromHours(1));
        var queued = batcher.Enqueue(1, [1, 2]);

        await batcher.DisposeAsync();

        Assert.Equal(Floats.TwicePlusOne(1, 2), Floats.Of((await queued).Single()));
    }
}
