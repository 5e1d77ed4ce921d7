using Microsoft.Extensions.Time.Testing;

namespace ServingFabric.Runtime.Tests.Batching;

/// <summary>
/// Fake time that tells the test when timers are armed. FakeTimeProvider reads its clock when a timer is created,
/// so a test must not advance while the batcher is arming one: it waits for the timer first. The batcher arms one
/// only after it has seen its queue and decided to wait, so no dispatch can happen until the test advances.
/// </summary>
internal class ObservedTimeProviderBase : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _created;

    /// <summary>Completes once <paramref name="count"/> timers in all have been created.</summary>
    public Task TimersCreated(int count)
    {
        lock (_lock)
        {
            if (_created >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, AdjustDueTime(dueTime), period);
        lock (_lock)
        {
            _created++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _created).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return timer;
    }

    /// <summary>Lets a test shift when timers fire; unchanged by default.</summary>
    protected virtual TimeSpan AdjustDueTime(TimeSpan dueTime) => dueTime;
}

internal sealed class ObservedTimeProvider : ObservedTimeProviderBase;
