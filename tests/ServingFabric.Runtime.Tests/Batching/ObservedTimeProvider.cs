using Microsoft.Extensions.Time.Testing;

namespace ServingFabric.Runtime.Tests.Batching;

/// <summary>
/// Fake time that tells the test when a timer is armed: the batcher arms one only when it has seen its queue and
/// decided to wait, so the test knows a dispatch cannot happen until it advances time.
/// </summary>
internal sealed class ObservedTimeProvider : FakeTimeProvider
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the next timer is created (call it before the action that should create one).</summary>
    public Task NextTimerCreated()
    {
        lock (_lock)
        {
            _timerCreated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _timerCreated.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_lock)
        {
            _timerCreated.TrySetResult();
        }

        return timer;
    }
}
