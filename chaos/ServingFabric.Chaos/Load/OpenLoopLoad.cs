using System.Collections.Concurrent;
using System.Diagnostics;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Chaos.Load;

/// <summary>
/// A steady open loop: requests are due at a fixed rate whether or not earlier ones were answered, alternating between
/// the senders (SDK, plain HTTP), each timed from the moment it was due, so a stalled fabric shows up as latency and
/// failures rather than as fewer requests. Bounded in time (<c>cap</c>) and in requests outstanding, so it always
/// stops by itself; a request once sent is always awaited to its own end.
/// </summary>
internal sealed class OpenLoopLoad : IDisposable
{
    private const int DistinctRows = 256;

    private readonly IReadOnlyList<IRequestSender> _senders;
    private readonly double _rate;
    private readonly int _maxOutstanding;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentQueue<RequestRecord> _records = new();
    private readonly float[] _rows;
    private readonly long[] _labels;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _loop;
    private long _completed;
    private long _failed;
    private long _outstanding;

    private OpenLoopLoad(IReadOnlyList<IRequestSender> senders, double rate, TimeSpan cap, TimeSpan requestTimeout, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rate, 0);
        _senders = senders;
        _rate = rate;
        _maxOutstanding = Math.Max(64, (int)(rate * requestTimeout.TotalSeconds * 2));
        _stop = new CancellationTokenSource(cap);
        _rows = IrisReference.Rows(DistinctRows, seed);
        _labels = Enumerable.Range(0, DistinctRows).Select(i => IrisReference.Compute(_rows.AsSpan(i * 4, 4)).Label).ToArray();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Seconds since the load started: the clock every <see cref="RequestRecord.DueAt"/> is on.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    public long Completed => Interlocked.Read(ref _completed);

    public long Failed => Interlocked.Read(ref _failed);

    public double Rate => _rate;

    public static OpenLoopLoad Start(IReadOnlyList<IRequestSender> senders, double rate, TimeSpan cap, TimeSpan requestTimeout, int seed) =>
        new(senders, rate, cap, requestTimeout, seed);

    /// <summary>Every request that has ended so far, in no particular order.</summary>
    public IReadOnlyList<RequestRecord> Records() => [.. _records];

    /// <summary>Waits until <paramref name="count"/> more requests ended (steady traffic), within a limit.</summary>
    public async Task WaitForMoreAsync(long count, TimeSpan limit)
    {
        var target = Completed + count;
        using var timeout = new CancellationTokenSource(limit);
        while (Completed < target)
        {
            if (_loop.IsCompleted)
            {
                throw new InvalidOperationException($"the load stopped (time cap) before {count} more requests ended");
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Stops sending and waits for every request in flight to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;

        // Every request carries its own deadline, so this ends; the bound is only against a harness bug.
        using var drain = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (Interlocked.Read(ref _outstanding) > 0 && !drain.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task RunAsync()
    {
        for (long i = 0; !_stop.IsCancellationRequested; i++)
        {
            var due = i / _rate;
            var wait = due - Now;
            if (wait > 0.001)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(wait), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (Interlocked.Read(ref _outstanding) >= _maxOutstanding)
            {
                // The fabric holds this many unanswered: count the skipped send as failed rather than grow without bound.
                Record(new RequestRecord(due, 0, _senders[(int)(i % _senders.Count)].Name, "not sent: too many outstanding"));
                continue;
            }

            Interlocked.Increment(ref _outstanding);
            _ = SendAsync(i, due);
        }
    }

    private async Task SendAsync(long sequence, double due)
    {
        await Task.Yield();
        var sender = _senders[(int)(sequence % _senders.Count)];
        var row = (int)(sequence % DistinctRows);
        string? failure;
        try
        {
            failure = await sender.SendAsync(sequence, _rows.AsSpan(row * 4, 4).ToArray(), _labels[row]);
        }
        catch (Exception ex)
        {
            failure = "harness: " + ex.GetType().Name;
        }

        Record(new RequestRecord(due, (Now - due) * 1000, sender.Name, failure));
        Interlocked.Decrement(ref _outstanding);
    }

    private void Record(RequestRecord record)
    {
        _records.Enqueue(record);
        Interlocked.Increment(ref _completed);
        if (!record.Succeeded)
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
