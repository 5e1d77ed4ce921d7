namespace ServingFabric.Grains.Replicas;

/// <summary>
/// Counts calls in and out of something that closes: once closed, no call enters, and <see cref="CloseAsync"/>
/// completes when the last call inside has left. Lock-free; every successful <see cref="TryEnter"/> is matched by one
/// <see cref="Exit"/>.
/// </summary>
internal sealed class CallDrain
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inside;
    private int _closed;

    /// <summary>Calls inside now.</summary>
    public int Inside => Volatile.Read(ref _inside);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public bool TryEnter()
    {
        Interlocked.Increment(ref _inside);
        if (Volatile.Read(ref _closed) == 0)
        {
            return true;
        }

        Exit();
        return false;
    }

    public void Exit()
    {
        if (Interlocked.Decrement(ref _inside) == 0 && Volatile.Read(ref _closed) != 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Lets no more calls in; completes once none is inside. Idempotent.</summary>
    public Task CloseAsync()
    {
        // A full fence between closing and reading the count: an enter that missed the close is counted here.
        Interlocked.Exchange(ref _closed, 1);
        if (Volatile.Read(ref _inside) == 0)
        {
            _drained.TrySetResult();
        }

        return _drained.Task;
    }
}
