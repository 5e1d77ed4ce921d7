using ServingFabric.Inference;

namespace ServingFabric.Runtime.Batching;

public sealed partial class DynamicBatcher
{
    internal static readonly TimeSpan SafetyWakeInterval = TimeSpan.FromMilliseconds(250);

    // The timer is shared by the loops; it is only touched under this lock (never under _gate, which Wake takes).
    private readonly object _timerGate = new();
    private ITimer? _timer;
    private long _timerDueTicks = long.MinValue;
    private bool _wakeRequested;

    // Runs on its own thread (one per instance): waits until a batch is ready, runs it, repeats until stopped and drained.
    private void RunLoop()
    {
        try
        {
            while (true)
            {
                List<PendingRequest>? expired;
                List<PendingRequest>? batch;
                DateTimeOffset? due = null;
                lock (_gate)
                {
                    _wakeRequested = false;
                    var now = _time.GetUtcNow();
                    expired = TakeExpired(now);
                    var slotFree = _running < InstanceCount;
                    batch = slotFree ? TakeReadyBatch(now) : null;
                    if (batch is not null)
                    {
                        _running++;
                    }
                    else if (expired is null)
                    {
                        // Stops once nothing waits and no inline run still uses the engine it is about to lose.
                        if (_stopping && _queue.Count == 0 && _running == 0)
                        {
                            break;
                        }

                        // With every instance busy, only a finished batch (which pulses) can let this loop run.
                        due = slotFree ? NextDue() : null;
                    }
                }

                if (batch is null && expired is null)
                {
                    // The timer is armed outside the lock, as a fake clock may fire it at once on this thread; the
                    // wake flag keeps its pulse (or an arrival's) from being lost before the wait begins, and the
                    // clock is read again in case it passed the moment while the timer was being armed.
                    ArmTimer(due);
                    lock (_gate)
                    {
                        var now = _time.GetUtcNow();
                        if (!_wakeRequested && (due is null || now < due))
                        {
                            // Until the moment itself too, not only until the timer fires: its callback needs a
                            // thread-pool thread, which a busy silo hands out late (a 1 ms queue delay cost 1.7 ms),
                            // while this thread wakes on its own. Bounded, so no lost wake-up can park a request for good.
                            Monitor.Wait(_gate, WaitTime(due, now));
                        }
                    }

                    continue;
                }

                FailExpired(expired);
                if (batch is not null)
                {
                    RunBatch(batch);
                }
            }
        }
        catch (Exception ex)
        {
            LogLoopCrashed(ex, _modelName, _version);
            FailEverything(ex);
        }
    }

    // Until due in whole milliseconds rounded up (the wait's resolution), at most the safety interval.
    internal static TimeSpan WaitTime(DateTimeOffset? due, DateTimeOffset now)
    {
        if (due is null)
        {
            return SafetyWakeInterval;
        }

        var milliseconds = Math.Ceiling((due.Value - now).TotalMilliseconds);
        return TimeSpan.FromMilliseconds(Math.Clamp(milliseconds, 1, SafetyWakeInterval.TotalMilliseconds));
    }

    private List<PendingRequest>? TakeExpired(DateTimeOffset now)
    {
        List<PendingRequest>? expired = null;
        foreach (var request in _queue)
        {
            if (request.Deadline <= now)
            {
                (expired ??= []).Add(request);
            }
        }

        if (expired is not null)
        {
            foreach (var request in expired)
            {
                _queue.Remove(request);
                _queuedRows -= request.Rows;
            }
        }

        return expired;
    }

    // Groups are visited oldest head first, so a waiting shape is not starved by a busier one.
    private List<PendingRequest>? TakeReadyBatch(DateTimeOffset now)
    {
        foreach (var group in _queue.GroupBy(r => r.Signature, StringComparer.Ordinal))
        {
            var members = group.ToList();
            var timeUp = _stopping || now - members[0].EnqueuedAt >= _options.MaxQueueDelay;
            var take = BatchPlanner.Plan(members.ConvertAll(m => m.Rows), _options.MaxBatchSize, _preferred, timeUp);
            if (take == 0)
            {
                continue;
            }

            var batch = members.GetRange(0, take);
            foreach (var request in batch)
            {
                _queue.Remove(request);
                _queuedRows -= request.Rows;
            }

            return batch;
        }

        return null;
    }

    // The moment the oldest group's delay ends; null when nothing waits.
    private DateTimeOffset? NextDue() =>
        _queue.Count == 0 ? null : _queue.GroupBy(r => r.Signature, StringComparer.Ordinal).Min(g => g.First().EnqueuedAt) + _options.MaxQueueDelay;

    // One timer for all loops; re-armed only when the moment it waits for changes.
    private void ArmTimer(DateTimeOffset? due)
    {
        if (due is null)
        {
            return;
        }

        lock (_timerGate)
        {
            if (_timer is not null && due.Value.UtcTicks == Volatile.Read(ref _timerDueTicks))
            {
                return;
            }

            _timer?.Dispose();
            Volatile.Write(ref _timerDueTicks, due.Value.UtcTicks);
            var dueTime = due.Value - _time.GetUtcNow();
            _timer = _time.CreateTimer(
                static state => ((DynamicBatcher)state!).Wake(), this, dueTime > TimeSpan.Zero ? dueTime : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private void DisposeTimer()
    {
        lock (_timerGate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void Wake()
    {
        lock (_gate)
        {
            // A fired timer must be re-armed even for the same moment: the system timer and the clock round
            // differently, so it can fire a little before the moment by the clock, and nothing else would wake us.
            Volatile.Write(ref _timerDueTicks, long.MinValue);
            _wakeRequested = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void FailExpired(List<PendingRequest>? expired)
    {
        if (expired is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var request in expired)
        {
            Observe(o => o.OnRejected(InferenceErrorKind.DeadlineExceeded));
            request.Fail(DeadlineExceeded(now - request.EnqueuedAt));
        }
    }

    private void FailEverything(Exception cause)
    {
        List<PendingRequest> queued;
        lock (_gate)
        {
            _stopping = true;
            queued = [.. _queue];
            _queue.Clear();
            _queuedRows = 0;
        }

        foreach (var request in queued)
        {
            request.Fail(new InferenceException(
                InferenceErrorKind.Internal, $"model '{_modelName}' version '{_version}' stopped serving: {cause.Message}", cause));
        }
    }

    private void Observe(Action<IBatchObserver> notify)
    {
        if (_observer is null)
        {
            return;
        }

        try
        {
            notify(_observer);
        }
        catch (Exception ex)
        {
            LogObserverFailed(ex, _modelName, _version);
        }
    }
}
