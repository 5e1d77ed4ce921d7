using System.Diagnostics;
using HdrHistogram;

namespace ServingFabric.Perf.Measurement;

/// <summary>Outcomes of an open loop's requests, written from their completions on any thread.</summary>
internal sealed class OpenLoopRecording(int maxOutstanding)
{
    private readonly Recorder _ok = LatencyHistograms.CreateRecorder();
    private readonly Recorder _refused = LatencyHistograms.CreateRecorder();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _outstanding;
    private long _maxOutstanding;
    private long _errors;
    private long _dropped;
    private long _lastAnswer;
    private string? _firstError;
    private volatile bool _sending = true;

    /// <summary>Answered requests' latencies, taken once after the drain.</summary>
    public HistogramBase TakeOk() => _ok.GetIntervalHistogram();

    /// <summary>Refused requests' latencies, taken once after the drain.</summary>
    public HistogramBase TakeRefused() => _refused.GetIntervalHistogram();

    public long Errors => Interlocked.Read(ref _errors);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Outstanding => Interlocked.Read(ref _outstanding);

    public long MaxOutstanding => Interlocked.Read(ref _maxOutstanding);

    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>Stopwatch timestamp of the last measured answer; 0 when none came.</summary>
    public long LastAnswer => Interlocked.Read(ref _lastAnswer);

    /// <summary>Counts a send about to start; false (a dropped send) when the outstanding bound is reached.</summary>
    public bool TryBegin(bool measured)
    {
        var outstanding = Interlocked.Increment(ref _outstanding);
        if (outstanding > maxOutstanding)
        {
            Interlocked.Decrement(ref _outstanding);
            if (measured)
            {
                Interlocked.Increment(ref _dropped);
                Interlocked.Increment(ref _errors);
            }

            return false;
        }

        long seen;
        while (outstanding > (seen = Interlocked.Read(ref _maxOutstanding))
            && Interlocked.CompareExchange(ref _maxOutstanding, outstanding, seen) != seen)
        {
        }

        return true;
    }

    public void Record(RequestOutcome outcome, long micros, bool measured)
    {
        if (!measured)
        {
            return;
        }

        if (outcome == RequestOutcome.Refused)
        {
            _refused.RecordValue(micros);
            return;
        }

        _ok.RecordValue(micros);
        var now = Stopwatch.GetTimestamp();
        long seen;
        while (now > (seen = Interlocked.Read(ref _lastAnswer)) && Interlocked.CompareExchange(ref _lastAnswer, now, seen) != seen)
        {
        }
    }

    public void Fail(Exception exception, bool measured)
    {
        if (measured)
        {
            Interlocked.Increment(ref _errors);
            Interlocked.CompareExchange(ref _firstError, $"{exception.GetType().Name}: {exception.Message}", null);
        }
    }

    public void End()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0 && !_sending)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Called after the last send: waits until every request is answered or <paramref name="timeout"/> passes.</summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _sending = false;
        if (Interlocked.Read(ref _outstanding) == 0)
        {
            return true;
        }

        try
        {
            await _drained.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
