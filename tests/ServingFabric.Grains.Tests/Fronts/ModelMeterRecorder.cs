using System.Diagnostics.Metrics;
using ServingFabric.Runtime.Telemetry;

namespace ServingFabric.Grains.Tests.Fronts;

/// <summary>
/// Listens to one model's batches (rows per batch the engine ran) and response cache lookups (hit or miss), so a
/// test can tell whether a request reached the replica, and wait for a batch instead of sleeping. Only the meters of one
/// silo's <see cref="IMeterFactory"/>: clusters of other test collections serve models of the same names at the same time.
/// </summary>
internal sealed class ModelMeterRecorder : IDisposable
{
    private readonly Lock _gate = new();
    private readonly MeterListener _listener = new();
    private readonly string _model;
    private readonly List<int> _batches = [];
    private readonly List<string> _cacheResults = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waits = [];

    public ModelMeterRecorder(string model, IMeterFactory silo)
    {
        _model = model;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ServingFabricMetrics.MeterName && instrument.Meter.Scope == silo
                && instrument.Name is "servingfabric.batch.size" or "servingfabric.cache.requests")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((instrument, rows, tags, _) => OnBatch(rows, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => OnCacheLookup(tags));
        _listener.Start();
    }

    /// <summary>Rows of each batch the model's batcher ran, in order.</summary>
    public IReadOnlyList<int> Batches
    {
        get
        {
            lock (_gate)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>"hit" or "miss" for each cache lookup, in order.</summary>
    public IReadOnlyList<string> CacheResults
    {
        get
        {
            lock (_gate)
            {
                return [.. _cacheResults];
            }
        }
    }

    /// <summary>Completes once <paramref name="count"/> batches have run (a batch is reported after its answers).</summary>
    public Task WaitForBatchesAsync(int count)
    {
        lock (_gate)
        {
            if (_batches.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((count, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnBatch(int rows, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!IsMine(tags))
        {
            return;
        }

        lock (_gate)
        {
            _batches.Add(rows);
            foreach (var wait in _waits.Where(w => _batches.Count >= w.Count).ToList())
            {
                wait.Reached.TrySetResult();
                _waits.Remove(wait);
            }
        }
    }

    private void OnCacheLookup(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!IsMine(tags))
        {
            return;
        }

        foreach (var tag in tags)
        {
            if (tag.Key == "result")
            {
                lock (_gate)
                {
                    _cacheResults.Add((string)tag.Value!);
                }
            }
        }
    }

    private bool IsMine(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "model")
            {
                return (string?)tag.Value == _model;
            }
        }

        return false;
    }
}
