using Microsoft.Extensions.Logging;
using ServingFabric.Inference;
using ServingFabric.Runtime.Engines;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Batching;

/// <summary>
/// Merges concurrent requests of one loaded model version into batches along the first dimension and runs them on
/// the engine on dedicated threads (<see cref="DynamicBatcherOptions.Instances"/> batches at once, like Triton's
/// instance count; one by default): inference never blocks the Orleans scheduler, and replicas of a version on one
/// silo share this batcher so their requests merge.
/// </summary>
/// <remarks>The batcher does not own the engine; whoever created both disposes the engine after the batcher.</remarks>
public sealed partial class DynamicBatcher : IAsyncDisposable
{
    private readonly IInferenceEngine _engine;
    private readonly DynamicBatcherOptions _options;
    private readonly int[] _preferred;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IBatchObserver? _observer;
    private readonly string _modelName;
    private readonly string _version;
    private readonly IReadOnlyList<string> _allOutputs;

    // Guards the queue and is the monitor the loop waits on; arrivals, timers and disposal set the wake flag and pulse it.
    private readonly object _gate = new();
    private readonly List<PendingRequest> _queue = [];
    private readonly Task[] _loops;
    private int _queuedRows;
    private bool _stopping;

    public DynamicBatcher(IInferenceEngine engine, DynamicBatcherOptions options, TimeProvider time, ILogger logger, IBatchObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _engine = engine;
        _options = options;
        _preferred = [.. (options.PreferredBatchSizes ?? []).Where(s => s > 0)];
        _time = time;
        _logger = logger;
        _observer = observer;
        _modelName = engine.Metadata.Name;
        _version = engine.Metadata.Version;
        _allOutputs = [.. engine.Metadata.Outputs.Select(o => o.Name)];

        // TaskScheduler.Default: started from a grain, the current scheduler would be the Orleans one. Every loop takes
        // ready batches from the one queue, so with more than one a batch can form while another runs.
        _loops = new Task[Math.Max(1, options.Instances)];
        for (var i = 0; i < _loops.Length; i++)
        {
            _loops[i] = Task.Factory.StartNew(RunLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Rows waiting in the queue (not counting the batch running now).</summary>
    public int QueueDepth
    {
        get
        {
            lock (_gate)
            {
                return _queuedRows;
            }
        }
    }

    /// <summary>Requests waiting in the queue (not counting the batch running now).</summary>
    public int QueuedRequests
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Queues a validated request and completes with its outputs, in the order of <paramref name="outputNames"/>
    /// (every model output, in model order, when it is empty). Fails with <see cref="InferenceException"/>:
    /// QueueFull when the queue has no room for its rows, DeadlineExceeded when <paramref name="deadline"/> passes
    /// before its batch forms, Unavailable while unloading, Internal when the engine fails the batch.
    /// </summary>
    /// <param name="inputs">Every model input; with batching, each input's first dimension is <paramref name="rows"/>.</param>
    /// <param name="rows">The request's rows (its first dimension), 1 when the model does not batch.</param>
    /// <param name="outputNames">The outputs to return; empty for all.</param>
    /// <param name="deadline">When the caller stops waiting; null for never.</param>
    /// <param name="ct">Cancels the wait, and removes the request if it has not started running.</param>
    public Task<IReadOnlyList<Tensor>> EnqueueAsync(
        IReadOnlyList<Tensor> inputs, int rows, IReadOnlyList<string> outputNames, DateTimeOffset? deadline, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (_options.MaxBatchSize > 0)
        {
            CheckRows(inputs, rows);
        }

        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<Tensor>>(ct);
        }

        var now = _time.GetUtcNow();
        if (deadline <= now)
        {
            return Reject(DeadlineExceeded(TimeSpan.Zero));
        }

        var request = new PendingRequest(
            inputs, rows, outputNames.Count == 0 ? _allOutputs : outputNames, deadline, now)
        {
            TraceParent = TraceParentNow(),
        };
        bool inline;
        lock (_gate)
        {
            if (_stopping)
            {
                return Reject(new InferenceException(
                    InferenceErrorKind.Unavailable, $"model '{_modelName}' version '{_version}' is unloading; retry, the router sends the request to a loaded replica"));
            }

            if (_options.MaxQueueSize > 0 && _queuedRows + rows > _options.MaxQueueSize)
            {
                return Reject(new InferenceException(
                    InferenceErrorKind.QueueFull, $"queue full: model '{_modelName}' version '{_version}' has {_queuedRows} rows waiting (max {_options.MaxQueueSize}); retry later")
                {
                    RetryAfterSeconds = 1,
                });
            }

            inline = CanRunInline();
            if (inline)
            {
                _running++;
            }
            else
            {
                _queue.Add(request);
                _queuedRows += rows;
                _wakeRequested = true;
                Monitor.PulseAll(_gate);
            }
        }

        if (inline)
        {
            RunInline(request);
            return request.Completion.Task;
        }

        // Registered after queuing: a token cancelled meanwhile runs the callback at once, which dequeues it.
        request.Cancellation = ct.Register(
            static (state, token) =>
            {
                var (batcher, pending) = ((DynamicBatcher, PendingRequest))state!;
                batcher.Dequeue(pending, token);
            },
            (this, request));
        if (request.Completion.Task.IsCompleted)
        {
            request.Cancellation.Unregister();
        }

        return request.Completion.Task;
    }

    /// <summary>Stops accepting requests (503), runs what is queued, and waits for the loop to end.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _stopping = true;
            _wakeRequested = true;
            Monitor.PulseAll(_gate);
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        DisposeTimer();
    }

    private void CheckRows(IReadOnlyList<Tensor> inputs, int rows)
    {
        if (rows > _options.MaxBatchSize)
        {
            throw new InferenceException(
                InferenceErrorKind.InvalidInput, $"request has {rows} rows but model '{_modelName}' version '{_version}' batches at most {_options.MaxBatchSize}; split it");
        }

        foreach (var input in inputs)
        {
            if (input.Shape.Length == 0 || input.Shape[0] != rows)
            {
                throw new InferenceException(
                    InferenceErrorKind.InvalidInput, $"input '{input.Name}': first dimension must be the request's {rows} rows, got shape [{TensorShape.Format(input.Shape)}]");
            }
        }
    }

    private void Dequeue(PendingRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_queue.Remove(request))
            {
                _queuedRows -= request.Rows;
            }
        }

        // Also when it is already running: the caller stops waiting; the batch still completes for the others.
        request.Completion.TrySetCanceled(ct);
    }

    private Task<IReadOnlyList<Tensor>> Reject(InferenceException error)
    {
        Observe(o => o.OnRejected(error.Kind));
        return Task.FromException<IReadOnlyList<Tensor>>(error);
    }

    private InferenceException DeadlineExceeded(TimeSpan waited) => new(
        InferenceErrorKind.DeadlineExceeded,
        $"deadline exceeded: the request waited {waited.TotalMilliseconds:0.###} ms in the queue of model '{_modelName}' version '{_version}' and was not run; allow a later deadline or reduce load");
}
