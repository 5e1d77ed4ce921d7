using System.Globalization;
using ServingFabric.Inference;

namespace ServingFabric.Grains.Admission;

internal sealed partial class AdmissionGate
{
    /// <summary>
    /// Seconds a refused caller should wait: the time the queue ahead of it takes to drain at the recent service
    /// time, spread over the slots, rounded up, at least 1. Called under the lock.
    /// </summary>
    internal int EstimateRetryAfterSeconds()
    {
        var drainSeconds = _averageServiceSeconds * (_waiting.Count + 1) / _limits.MaxConcurrency;
        return (int)Math.Clamp(Math.Ceiling(drainSeconds), 1, int.MaxValue);
    }

    // Called under the lock: hands free slots to waiters in arrival order; the caller completes them after unlocking.
    private List<Waiter>? GrantWaiters()
    {
        List<Waiter>? granted = null;
        while (_inService < _limits.MaxConcurrency && _waiting.First is { } first)
        {
            _waiting.RemoveFirst();
            first.Value.Node = null;
            _inService++;
            (granted ??= []).Add(first.Value);
        }

        return granted;
    }

    // Outside the lock: continuations and timer disposal never run while other callers wait for the gate.
    private void Complete(List<Waiter>? granted)
    {
        if (granted is null)
        {
            return;
        }

        foreach (var waiter in granted)
        {
            waiter.Timer?.Dispose();
            waiter.Registration.Unregister();
            _metrics?.RecordAdmitted(Model, Version, waited: true);
            waiter.Completion.SetResult(new AdmissionTicket(this, _time.GetTimestamp()));
        }
    }

    private void GiveUp(Waiter waiter)
    {
        InferenceException refusal;
        lock (_lock)
        {
            if (waiter.Node is null)
            {
                return;
            }

            _waiting.Remove(waiter.Node);
            waiter.Node = null;
            refusal = Refuse(waiter.GivesUpAtDeadline ? AdmissionRefusal.Deadline : AdmissionRefusal.QueueTimeout, _time.GetElapsedTime(waiter.EnqueuedAt));
        }

        waiter.Timer?.Dispose();
        waiter.Registration.Unregister();
        waiter.Completion.SetException(refusal);
    }

    private void Cancel(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node is null)
            {
                return;
            }

            _waiting.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Timer?.Dispose();
        waiter.Completion.SetCanceled(waiter.CancellationToken);
    }

    // Called under the lock.
    private InferenceException Refuse(AdmissionRefusal reason, TimeSpan waited)
    {
        var retryAfter = EstimateRetryAfterSeconds();
        _metrics?.RecordRefused(Model, Version, reason switch
        {
            AdmissionRefusal.QueueFull => "queue_full",
            AdmissionRefusal.QueueTimeout => "queue_timeout",
            _ => "deadline",
        });
        var state = string.Create(CultureInfo.InvariantCulture,
            $"{_inService} in service (max concurrency {_limits.MaxConcurrency}), {_waiting.Count} waiting (max queue length {_limits.MaxQueueLength})");
        var fix = string.Create(CultureInfo.InvariantCulture,
            $"retry after {retryAfter} s; capacity grows as replicas are added, or raise the limits with PUT /v1/models/{Model}/scaling");
        var message = reason switch
        {
            AdmissionRefusal.QueueFull => $"model '{Model}' version '{Version}' is at its admission limit on this silo: {state}; {fix}",
            AdmissionRefusal.QueueTimeout => string.Create(CultureInfo.InvariantCulture,
                $"model '{Model}' version '{Version}' had no free slot within the queue timeout ({waited.TotalMilliseconds:0} ms waited; {state}); {fix}"),
            _ => string.Create(CultureInfo.InvariantCulture,
                $"model '{Model}' version '{Version}' had no free slot before the request's deadline ({waited.TotalMilliseconds:0} ms waited; {state}); {fix}"),
        };
        return new InferenceException(InferenceErrorKind.QueueFull, message) { RetryAfterSeconds = retryAfter };
    }

    private enum AdmissionRefusal
    {
        QueueFull,
        QueueTimeout,
        Deadline,
    }

    /// <summary>One request waiting for a slot. Node is null once it left the queue (granted, given up or cancelled).</summary>
    private sealed class Waiter(AdmissionGate gate, long enqueuedAt, bool givesUpAtDeadline, CancellationToken cancellationToken)
    {
        public AdmissionGate Gate { get; } = gate;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public long EnqueuedAt { get; } = enqueuedAt;

        public bool GivesUpAtDeadline { get; } = givesUpAtDeadline;

        public TaskCompletionSource<AdmissionTicket> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public ITimer? Timer { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
