using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Batching;
using ServingFabric.Runtime.Engines;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Tests.Batching;

/// <summary>
/// A lone request on an idle batcher runs on its caller's thread once lone runs have proven quick; everything else
/// still goes through the batch threads, and the instance count bounds both together.
/// </summary>
public sealed class DynamicBatcherInlineTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task EnqueueAsync_IdleAfterAQuickLoneRun_RunsOnTheCallersThreadAndIsDoneOnReturn()
    {
        var engine = new ThreadEngine();
        await using var batcher = Create(engine, new FakeTimeProvider());

        await batcher.Enqueue(1, [1f]).WaitAsync(Safety);
        var caller = Environment.CurrentManagedThreadId;
        var second = batcher.Enqueue(1, [2f]);

        Assert.True(second.IsCompletedSuccessfully);
        Assert.Equal(new[] { 5f }, Floats.Of((await second)[0].Data));
        Assert.NotEqual(caller, engine.Threads[0]);
        Assert.Equal(caller, engine.Threads[1]);
    }

    [Fact]
    public async Task EnqueueAsync_NextRequestBeforeTheLastAnswerIsDelivered_FindsTheInstanceFree()
    {
        // The batch thread is held where it reports the batch, after the engine ran and before the answer is
        // delivered: the slot must already be free (and the lone run's time recorded), or a caller that sends its next
        // request the moment its answer arrives would queue behind a slot that is only about to be freed.
        var engine = new ThreadEngine();
        using var observer = new FirstBatchHoldingObserver();
        await using var batcher = Create(engine, new FakeTimeProvider(), observer: observer);

        var first = batcher.Enqueue(1, [1f]);
        await observer.Holding.Task.WaitAsync(Safety);
        var caller = Environment.CurrentManagedThreadId;
        var second = batcher.Enqueue(1, [2f]);
        var firstDeliveredMeanwhile = first.IsCompleted;
        observer.Release();

        Assert.False(firstDeliveredMeanwhile);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.Equal(new[] { 5f }, Floats.Of((await second)[0].Data));
        Assert.Equal(new[] { 3f }, Floats.Of((await first.WaitAsync(Safety))[0].Data));
        Assert.Equal(caller, engine.Threads[1]);
    }

    [Fact]
    public async Task EnqueueAsync_ArrivingBackToBackWithTheLastRun_UsesTheBatchThreadUntilTheBatcherWasIdle()
    {
        // A replica activation working through a backlog hands the batcher one request the moment the last ended; run
        // inline, each would hold the activation and the backlog could never form a batch.
        var time = new FakeTimeProvider();
        var engine = new ThreadEngine { DuringRun = () => time.Advance(TimeSpan.FromMilliseconds(0.3)) };
        await using var batcher = Create(engine, time);

        await batcher.Enqueue(1, [1f]).WaitAsync(Safety);
        await batcher.Enqueue(1, [2f]).WaitAsync(Safety);
        time.Advance(TimeSpan.FromMilliseconds(0.2));
        await batcher.Enqueue(1, [3f]).WaitAsync(Safety);
        time.Advance(TimeSpan.FromMilliseconds(0.3));
        var caller = Environment.CurrentManagedThreadId;
        var afterIdle = batcher.Enqueue(1, [4f]);

        Assert.True(afterIdle.IsCompletedSuccessfully);
        Assert.Equal(new[] { 9f }, Floats.Of((await afterIdle)[0].Data));
        var batchThread = engine.Threads[0];
        Assert.Equal([batchThread, batchThread, batchThread, caller], engine.Threads);
        Assert.NotEqual(batchThread, caller);
    }

    [Fact]
    public async Task EnqueueAsync_ModelThatCannotBatchArrivingBackToBack_RunsEveryQuickRequestInline()
    {
        // Nothing can join a batch of a model without batching, so a backlog gains nothing from the batch thread.
        var time = new FakeTimeProvider();
        var engine = new ThreadEngine { DuringRun = () => time.Advance(TimeSpan.FromMilliseconds(0.3)) };
        await using var batcher = Create(engine, time, maxBatchSize: 0);

        await batcher.Enqueue(1, [1f]).WaitAsync(Safety);
        var caller = Environment.CurrentManagedThreadId;
        var second = batcher.Enqueue(1, [2f]);
        var third = batcher.Enqueue(1, [3f]);

        Assert.True(second.IsCompletedSuccessfully && third.IsCompletedSuccessfully);
        Assert.Equal(new[] { 7f }, Floats.Of((await third)[0].Data));
        Assert.NotEqual(caller, engine.Threads[0]);
        Assert.Equal([caller, caller], engine.Threads.Skip(1));
    }

    [Fact]
    public async Task EnqueueAsync_InlineNotEnabled_AlwaysUsesTheBatchThread()
    {
        var engine = new ThreadEngine();
        await using var batcher = Create(engine, new FakeTimeProvider(), inline: false);

        await batcher.Enqueue(1, [1f]).WaitAsync(Safety);
        await batcher.Enqueue(1, [2f]).WaitAsync(Safety);

        Assert.DoesNotContain(Environment.CurrentManagedThreadId, engine.Threads);
    }

    [Fact]
    public async Task EnqueueAsync_QueueDelayConfigured_NeverRunsInline()
    {
        var engine = new ThreadEngine();
        await using var batcher = Create(engine, TimeProvider.System, delay: TimeSpan.FromMilliseconds(1));

        await batcher.Enqueue(1, [1f]).WaitAsync(Safety);
        await batcher.Enqueue(1, [2f]).WaitAsync(Safety);

        Assert.DoesNotContain(Environment.CurrentManagedThreadId, engine.Threads);
    }

    [Fact]
    public async Task EnqueueAsync_SlowLoneRuns_StayOnTheBatchThread()
    {
        var time = new FakeTimeProvider();
        var engine = new ThreadEngine { DuringRun = () => time.Advance(TimeSpan.FromMilliseconds(5)) };
        await using var batcher = Create(engine, time);

        await batcher.Enqueue(1, [1f]).WaitAsync(Safety);
        await batcher.Enqueue(1, [2f]).WaitAsync(Safety);
        await batcher.Enqueue(1, [3f]).WaitAsync(Safety);

        Assert.DoesNotContain(Environment.CurrentManagedThreadId, engine.Threads);
    }

    [Fact]
    public async Task EnqueueAsync_InlineRunHoldsTheOnlyInstance_NextRequestQueuesUntilItEnds()
    {
        var engine = new ThreadEngine();
        await using var batcher = Create(engine, new FakeTimeProvider());
        await batcher.Enqueue(1, [1f]).WaitAsync(Safety);

        engine.Hold();
        var inline = Task.Run(() => batcher.Enqueue(1, [2f]));
        await engine.Holding.Task.WaitAsync(Safety);
        var queued = batcher.Enqueue(1, [3f]);

        Assert.Equal(1, batcher.QueuedRequests);
        Assert.False(queued.IsCompleted);
        engine.Release();
        var answers = await Task.WhenAll(inline, queued).WaitAsync(Safety);
        Assert.Equal(new[] { 5f }, Floats.Of(answers[0][0].Data));
        Assert.Equal(new[] { 7f }, Floats.Of(answers[1][0].Data));
        Assert.Equal(1, engine.MostRunning);
    }

    [Fact]
    public async Task DisposeAsync_InlineRunInProgress_WaitsForItBeforeTheEngineCanGo()
    {
        var engine = new ThreadEngine();
        var batcher = Create(engine, new FakeTimeProvider());
        await batcher.Enqueue(1, [1f]).WaitAsync(Safety);
        engine.Hold();
        var inline = Task.Run(() => batcher.Enqueue(1, [2f]));
        await engine.Holding.Task.WaitAsync(Safety);

        var disposing = batcher.DisposeAsync().AsTask();

        Assert.False(disposing.IsCompleted);
        engine.Release();
        await disposing.WaitAsync(Safety);
        Assert.Equal(new[] { 5f }, Floats.Of((await inline.WaitAsync(Safety))[0].Data));
    }

    [Fact]
    public void FromConfig_EveryModel_RunsLoneRequestsInline()
    {
        Assert.True(DynamicBatcherOptions.FromConfig(new ModelConfig()).RunLoneRequestsInline);
        Assert.True(DynamicBatcherOptions.FromConfig(new ModelConfig(MaxBatchSize: 8, DynamicBatching: new DynamicBatchingSpec())).RunLoneRequestsInline);
        Assert.False(new DynamicBatcherOptions().RunLoneRequestsInline);
    }

    private static DynamicBatcher Create(
        IInferenceEngine engine, TimeProvider time, bool inline = true, TimeSpan? delay = null, IBatchObserver? observer = null, int maxBatchSize = 8) =>
        new(
            engine,
            new DynamicBatcherOptions { MaxBatchSize = maxBatchSize, MaxQueueDelay = delay ?? TimeSpan.Zero, RunLoneRequestsInline = inline },
            time,
            NullLogger.Instance,
            observer);

    /// <summary>Holds the thread that reports the first batch (before its answer is delivered) until released.</summary>
    private sealed class FirstBatchHoldingObserver : IBatchObserver, IDisposable
    {
        private readonly ManualResetEventSlim _gate = new(false);
        private int _batches;

        public TaskCompletionSource Holding { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnBatch(int rows, int requests, TimeSpan queueWait, TimeSpan runTime)
        {
            if (Interlocked.Increment(ref _batches) == 1)
            {
                Holding.TrySetResult();
                _gate.Wait(Safety);
            }
        }

        public void OnRejected(InferenceErrorKind kind)
        {
        }

        public void Release() => _gate.Set();

        public void Dispose() => _gate.Dispose();
    }

    /// <summary>Answers y = 2x + 1, recording each run's thread; can hold runs until released; tracks runs at once.</summary>
    private sealed class ThreadEngine : IInferenceEngine
    {
        private readonly Lock _lock = new();
        private readonly List<int> _threads = [];
        private ManualResetEventSlim? _gate;
        private int _running;
        private int _mostRunning;

        public ModelMetadata Metadata { get; } = new(
            "m", "1", "test", [new TensorMetadata("x", TensorDataType.Fp32, [-1, -1])], [new TensorMetadata("y", TensorDataType.Fp32, [-1, -1])], 8);

        public Action? DuringRun { get; init; }

        public TaskCompletionSource Holding { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int MostRunning => Volatile.Read(ref _mostRunning);

        public IReadOnlyList<int> Threads
        {
            get
            {
                lock (_lock)
                {
                    return [.. _threads];
                }
            }
        }

        public void Hold()
        {
            _gate = new ManualResetEventSlim(false);
            Holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _gate?.Set();

        public IReadOnlyList<Tensor> Run(IReadOnlyList<Tensor> inputs, IReadOnlyList<string> outputNames)
        {
            var running = Interlocked.Increment(ref _running);
            lock (_lock)
            {
                _threads.Add(Environment.CurrentManagedThreadId);
                _mostRunning = Math.Max(_mostRunning, running);
            }

            DuringRun?.Invoke();
            if (_gate is { } gate)
            {
                Holding.TrySetResult();
                gate.Wait(Safety);
            }

            Interlocked.Decrement(ref _running);
            var x = inputs[0];
            return [new Tensor("y", TensorDataType.Fp32, x.Shape, Floats.Bytes(Floats.Of(x.Data).Select(v => (2 * v) + 1)))];
        }

        public void Dispose() => _gate?.Dispose();
    }
}
