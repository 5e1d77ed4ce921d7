namespace ServingFabric.Runtime.Batching;

public sealed partial class DynamicBatcher
{
    // Batches running now, on the loops' threads or inline on callers' threads; never more than the instance count.
    // Guarded by _gate.
    private int _running;

    // Smoothed run time of recent one-request batches, in TimeProvider ticks; -1 until one has run. Guarded by _gate.
    private long _loneRunTicks = -1;

    // When the last batch ended (TimeProvider timestamp); guarded by _gate.
    private long _lastRunEnded;

    private int InstanceCount => _loops.Length;

    // Under _gate. Inline only when nothing waits (so no queued request is overtaken), an instance is free, no delay
    // would have held the request for others, lone runs of this model have been quick, and, for a model that batches,
    // the batcher has been idle for at least one lone run since the last batch ended. A request arriving sooner comes
    // back to back with the one before: its caller is usually a replica activation working through a backlog (an inline
    // run holds the activation, so the rest of the backlog could not reach the queue and every request would run
    // alone); on the batch thread it frees its caller, and the requests behind it join a batch. A model that cannot
    // batch runs every request alone anyway, so its back-to-back requests run inline too: the two thread switches of
    // the batch thread were most of what such a request cost (the bare-server benchmark's throughput rose from about
    // 0.6x to 0.65-0.7x). Its backlog then waits at the replica in arrival order, bounded by each request's deadline,
    // as in Triton without dynamic batching; slow models (lone runs over InlineRunLimit) keep the bounded queue.
    private bool CanRunInline() =>
        _options.RunLoneRequestsInline
        && _queue.Count == 0
        && _running < InstanceCount
        && _options.MaxQueueDelay <= TimeSpan.Zero
        && _loneRunTicks >= 0
        && _loneRunTicks < _options.InlineRunLimit.Ticks
        && (_options.MaxBatchSize <= 1 || IdleSinceLastRun() >= _loneRunTicks);

    private long IdleSinceLastRun() => _running > 0 ? 0 : _time.GetElapsedTime(_lastRunEnded).Ticks;

    // Runs a claimed slot's lone request on this thread; its completion is set before this returns.
    private void RunInline(PendingRequest request) => RunBatch([request], inline: true);

    // A batch of batchSize requests ended: its slot is free, so a loop held back by the instance count (or one waiting
    // to stop) may go on. A lone request's run time feeds the inline decision, under the same lock.
    private void ReleaseSlot(int batchSize, TimeSpan? runTime)
    {
        var ended = _time.GetTimestamp();
        lock (_gate)
        {
            _running--;
            _lastRunEnded = ended;
            if (batchSize == 1 && runTime is { } lone)
            {
                // Exponentially weighted (1/4 new): one slow run (a GC pause) does not switch inlining off, a slower model does.
                _loneRunTicks = _loneRunTicks < 0 ? lone.Ticks : ((3 * _loneRunTicks) + lone.Ticks) / 4;
            }

            if (_queue.Count > 0 || _stopping)
            {
                _wakeRequested = true;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
