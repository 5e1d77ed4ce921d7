namespace ServingFabric.Gateway.Memory;

/// <summary>
/// The bytes one request holds in the <see cref="RequestMemoryBudget"/>; disposing gives back all of them. Used by one
/// request at a time (its body read, then its decoding), so it needs no lock of its own.
/// </summary>
internal sealed class RequestMemoryReservation(RequestMemoryBudget budget) : IDisposable
{
    private long _held;

    public long Held => _held;

    /// <summary>Reserves <paramref name="bytes"/> more, waiting briefly for room; 503 when none comes.</summary>
    public async ValueTask AddAsync(long bytes, CancellationToken cancellationToken)
    {
        if (bytes > 0)
        {
            await budget.AcquireAsync(bytes, _held, cancellationToken);
            _held += bytes;
        }
    }

    /// <summary>Reserves <paramref name="bytes"/> more without waiting (for code that cannot wait); 503 when there is no room.</summary>
    public void Add(long bytes)
    {
        if (bytes > 0)
        {
            budget.Acquire(bytes, _held);
            _held += bytes;
        }
    }

    /// <summary>Gives back <paramref name="bytes"/> that are no longer held (a body that has been parsed).</summary>
    public void Remove(long bytes)
    {
        var released = Math.Min(bytes, _held);
        _held -= released;
        budget.Release(released);
    }

    public void Dispose() => Remove(_held);
}
