using HdrHistogram;

namespace ServingFabric.Perf.Measurement;

/// <summary>What the clients of a closed loop write into, and the window snapshots the measuring loop takes.</summary>
internal sealed class ClosedLoopRecording
{
    private readonly Recorder _ok = LatencyHistograms.CreateRecorder();
    private readonly Recorder _refused = LatencyHistograms.CreateRecorder();
    private long _sequence;
    private long _errors;
    private string? _firstError;
    private volatile bool _stopping;

    public bool Stopping => _stopping;

    public string? FirstError => Volatile.Read(ref _firstError);

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Stop() => _stopping = true;

    public void Record(RequestOutcome outcome, long micros)
    {
        if (outcome == RequestOutcome.Ok)
        {
            _ok.RecordValue(micros);
        }
        else
        {
            _refused.RecordValue(micros);
        }
    }

    public void Fail(Exception exception)
    {
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstError, $"{exception.GetType().Name}: {exception.Message}", null);
    }

    /// <summary>Everything recorded since the previous call; the recorders keep accepting values meanwhile.</summary>
    public (HistogramBase Ok, HistogramBase Refused, long Errors) TakeWindow() =>
        (_ok.GetIntervalHistogram(), _refused.GetIntervalHistogram(), Interlocked.Exchange(ref _errors, 0));
}
