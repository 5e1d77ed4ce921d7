using Microsoft.Extensions.Options;
using ServingFabric.Inference;

namespace ServingFabric.Gateway.Memory;

/// <summary>
/// The silo-wide budget for request bodies and decoded tensors in flight
/// (<see cref="GatewayOptions.RequestMemoryBudget"/>). Eight 60 MB bodies at once once took a silo from 300 MB to
/// 4.3 GB, and under a pod's memory limit three gave <see cref="OutOfMemoryException"/>s: a request now reserves its
/// bytes before it buffers or allocates them, waits up to <see cref="GatewayOptions.RequestMemoryWait"/> for room, and
/// is otherwise refused with 503 and <c>Retry-After</c>, which a client retries, instead of taking the process down.
/// </summary>
internal sealed class RequestMemoryBudget
{
    /// <summary>A burst that held at least this much is followed by a background collection once it has drained.</summary>
    public const long TrimAfterBurstBytes = 128L * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _wait;
    private TaskCompletionSource _released = NewSignal();
    private bool _signalAwaited;
    private long _inFlight;
    private long _highWater;

    public RequestMemoryBudget(IOptions<GatewayOptions> options, TimeProvider time)
    {
        Capacity = options.Value.RequestMemoryBudget;
        _wait = options.Value.RequestMemoryWait;
        _time = time;
    }

    /// <summary>The budget in bytes.</summary>
    public long Capacity { get; }

    /// <summary>Bytes reserved by requests now.</summary>
    public long InFlight
    {
        get
        {
            lock (_gate)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>A reservation for one request, empty until it asks for bytes; disposing it gives back what it holds.</summary>
    public RequestMemoryReservation Open() => new(this);

    /// <summary>Reserves <paramref name="bytes"/> more for a request that holds <paramref name="held"/>, waiting for room.</summary>
    internal async ValueTask AcquireAsync(long bytes, long held, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        while (true)
        {
            Task released;
            lock (_gate)
            {
                if (TryAcquireLocked(bytes, held))
                {
                    return;
                }

                released = _released.Task;
                _signalAwaited = true;
            }

            var left = _wait - _time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                throw Exhausted(bytes);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(left, _time, timeout.Token);
            await Task.WhenAny(released, delay);
            await timeout.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Reserves <paramref name="bytes"/> more at once, or refuses with 503.</summary>
    internal void Acquire(long bytes, long held)
    {
        lock (_gate)
        {
            if (TryAcquireLocked(bytes, held))
            {
                return;
            }
        }

        throw Exhausted(bytes);
    }

    internal void Release(long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        TaskCompletionSource? released = null;
        var trim = false;
        lock (_gate)
        {
            _inFlight -= bytes;

            // A new signal only when a request waits on the current one: no allocation per request otherwise.
            if (_signalAwaited)
            {
                released = _released;
                _released = NewSignal();
                _signalAwaited = false;
            }

            if (_inFlight == 0 && _highWater >= TrimAfterBurstBytes)
            {
                _highWater = 0;
                trim = true;
            }
        }

        released?.TrySetResult();
        if (trim)
        {
            // Large bodies and tensors are large-object-heap arrays that only a gen2 collection frees, and an idle silo
            // may not collect for a long time; a collection that does not compact the large-object heap leaves its
            // memory committed: without this, RSS stayed at its peak after a burst. Gen2 also makes ArrayPool.Shared
            // trim what it holds. Once per burst, when no request holds budgeted memory, off the request's thread.
            ThreadPool.UnsafeQueueUserWorkItem(static _ => CompactAfterBurst(), null);
        }
    }

    private static void CompactAfterBurst()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    // A request larger than the whole budget still runs when nothing else holds memory, so a budget set below the
    // body limit slows such requests down instead of refusing them forever.
    private bool TryAcquireLocked(long bytes, long held)
    {
        if (_inFlight + bytes <= Capacity || _inFlight == held)
        {
            _inFlight += bytes;
            _highWater = Math.Max(_highWater, _inFlight);
            return true;
        }

        return false;
    }

    private InferenceException Exhausted(long bytes) =>
        new(InferenceErrorKind.Unavailable,
            $"the gateway is buffering as many request bytes as its memory budget allows ({Capacity} bytes, ServingFabric:Gateway:RequestMemoryBudget); this request needed {bytes} more. Retry after the Retry-After delay, send smaller requests, or raise the budget")
        {
            RetryAfterSeconds = 1,
        };

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
