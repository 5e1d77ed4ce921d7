using ServingFabric.Inference;
using ServingFabric.Tensors;

namespace ServingFabric.Runtime.Batching;

public sealed partial class DynamicBatcher
{
    private ITimer? _timer;
    private DateTimeOffset _timerDue;
    private bool _wakeRequested;

    // Runs on its own thread: waits until a batch is ready, runs it, repeats until stopped and drained.
    private void RunLoop()
    {
        try
        {
            while (true)
            {
                List<PendingRequest>? expired;
                List<PendingRequest>? batch;
                DateTimeOffset now;
                DateTimeOffset? due = null;
                lock (_gate)
                {
                    _wakeRequested = false;
                    now = _time.GetUtcNow();
                    expired = TakeExpired(now);
                    batch = TakeReadyBatch(now);
                    if (batch is null && expired is null)
                    {
                        if (_stopping && _queue.Count == 0)
                        {
                            break;
                        }

                        due = NextDue();
                    }
                }

                if (batch is null && expired is null)
                {
                    // The timer is armed outside the lock, as a fake clock may fire it at once on this thread; the
                    // wake flag then keeps its pulse (or an arrival's) from being lost before the wait begins.
                    ArmTimer(due, now);
                    lock (_gate)
                    {
                        if (!_wakeRequested)
                        {
                            Monitor.Wait(_gate);
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
        finally
        {
            _timer?.Dispose();
        }
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

    // One timer, touched only by the loop thread; re-armed only when the moment it waits for changes.
    private void ArmTimer(DateTimeOffset? due, DateTimeOffset now)
    {
        if (due is null || (_timer is not null && due == _timerDue))
        {
            return;
        }

        _timer?.Dispose();
        _timerDue = due.Value;
        _timer = _time.CreateTimer(static state => ((DynamicBatcher)state!).Wake(), this, due.Value - now, Timeout.InfiniteTimeSpan);
    }

    private void Wake()
    {
        lock (_gate)
        {
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
            request.Fail(DeadlineExceeded(now - request.EnqueuedAt));
            Observe(o => o.OnRejected(InferenceErrorKind.DeadlineExceeded));
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
