using ServingFabric.Inference;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Scaling;

namespace ServingFabric.Grains.Admission;

/// <summary>
/// Admission control for one model version on one silo: at most <see cref="AdmissionLimits.MaxConcurrency"/>
/// requests in service, at most <see cref="AdmissionLimits.MaxQueueLength"/> waiting in arrival order, each waiter
/// giving up after <see cref="AdmissionLimits.QueueTimeout"/> or its deadline, whichever comes first. A request that
/// finds the queue full is refused at once, so overload costs the caller a 429 in microseconds rather than a timeout;
/// a request that arrives while capacity is being added waits in the bounded queue instead of failing.
/// Thread-safe: every front activation of the silo shares one gate per version.
/// </summary>
internal sealed partial class AdmissionGate
{
    // Weight of the newest service time in the running average behind Retry-After: recent enough to follow a load
    // change within a few requests, smooth enough that one slow request does not double the estimate.
    private const double ServiceTimeWeight = 0.2;

    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private readonly TimeProvider _time;
    private readonly ServingFabricMetrics? _metrics;
    private AdmissionLimits _limits;
    private int _inService;
    private double _averageServiceSeconds;

    /// <param name="model">Model name, for messages and metrics.</param>
    /// <param name="version">Version, for messages and metrics.</param>
    /// <param name="limits">The first limits; <see cref="Resize"/> changes them later.</param>
    /// <param name="time">Drives queue timeouts and service-time measurement.</param>
    /// <param name="metrics">Counts admitted, queued and refused requests; null counts nothing.</param>
    public AdmissionGate(string model, string version, AdmissionLimits limits, TimeProvider time, ServingFabricMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        Model = model;
        Version = version;
        _limits = Normalize(limits);
        _time = time;
        _metrics = metrics;
    }

    public string Model { get; }

    public string Version { get; }

    /// <summary>Requests holding a slot now.</summary>
    public int InService
    {
        get
        {
            lock (_lock)
            {
                return _inService;
            }
        }
    }

    /// <summary>Requests waiting for a slot now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>The limits in force (concurrency at least 1, queue length at least 0, timeout at least 0).</summary>
    public AdmissionLimits Limits
    {
        get
        {
            lock (_lock)
            {
                return _limits;
            }
        }
    }

    /// <summary>
    /// Takes a slot, waiting in the queue when every slot is taken. Dispose the ticket when the request is done, on
    /// every path: it frees the slot for the next waiter.
    /// </summary>
    /// <exception cref="InferenceException">QueueFull (429, with RetryAfterSeconds) when the queue is full, or when
    /// the wait reached the queue timeout or the request's deadline.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled while waiting.</exception>
    public ValueTask<AdmissionTicket> EnterAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            // Arrivals queue behind those already waiting even if a slot just freed: first come, first served.
            if (_inService < _limits.MaxConcurrency && _waiting.Count == 0)
            {
                _inService++;
                _metrics?.RecordAdmitted(Model, Version, waited: false);
                return ValueTask.FromResult(new AdmissionTicket(this, _time.GetTimestamp()));
            }

            if (_waiting.Count >= _limits.MaxQueueLength)
            {
                throw Refuse(AdmissionRefusal.QueueFull, TimeSpan.Zero);
            }

            var wait = Min(_limits.QueueTimeout, deadline - _time.GetUtcNow());
            if (wait <= TimeSpan.Zero)
            {
                throw Refuse(_limits.QueueTimeout <= TimeSpan.Zero ? AdmissionRefusal.QueueFull : AdmissionRefusal.Deadline, TimeSpan.Zero);
            }

            waiter = new Waiter(this, _time.GetTimestamp(), givesUpAtDeadline: wait < _limits.QueueTimeout, cancellationToken);
            waiter.Node = _waiting.AddLast(waiter);
            waiter.Timer = _time.CreateTimer(static state => ((Waiter)state!).Gate.GiveUp((Waiter)state), waiter, wait, Timeout.InfiniteTimeSpan);
            _metrics?.RecordQueued(Model, Version);
        }

        // Registered outside the lock: an already-cancelled token runs the callback at once, which takes the lock.
        waiter.Registration = cancellationToken.Register(static state => ((Waiter)state!).Gate.Cancel((Waiter)state), waiter);
        if (waiter.Completion.Task.IsCompleted)
        {
            waiter.Registration.Unregister();
        }

        return new ValueTask<AdmissionTicket>(waiter.Completion.Task);
    }

    /// <summary>
    /// Applies new limits (a new routing revision). Nobody waiting is dropped: more concurrency admits waiters at
    /// once; a shorter queue only refuses new arrivals until the queue is below it; a new timeout applies to new waiters.
    /// </summary>
    public void Resize(AdmissionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var normalized = Normalize(limits);
        List<Waiter>? granted;
        lock (_lock)
        {
            if (_limits == normalized)
            {
                return;
            }

            _limits = normalized;
            granted = GrantWaiters();
        }

        Complete(granted);
    }

    /// <summary>Frees a slot (called once per ticket) and hands it to the first waiter, if any.</summary>
    internal void Release(long admittedAt)
    {
        var serviceSeconds = _time.GetElapsedTime(admittedAt).TotalSeconds;
        List<Waiter>? granted;
        lock (_lock)
        {
            _averageServiceSeconds = _averageServiceSeconds == 0
                ? serviceSeconds
                : (ServiceTimeWeight * serviceSeconds) + ((1 - ServiceTimeWeight) * _averageServiceSeconds);
            _inService--;
            granted = GrantWaiters();
        }

        Complete(granted);
    }

    /// <summary>Whether nobody holds or waits for a slot, so the gate can be forgotten.</summary>
    internal bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _inService == 0 && _waiting.Count == 0;
            }
        }
    }

    private static AdmissionLimits Normalize(AdmissionLimits limits) => new(
        Math.Max(1, limits.MaxConcurrency),
        Math.Max(0, limits.MaxQueueLength),
        limits.QueueTimeout > TimeSpan.Zero ? limits.QueueTimeout : TimeSpan.Zero);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
