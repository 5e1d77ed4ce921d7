using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ServingFabric.Grains.Fronts;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Grains.Catalog;

/// <summary>
/// The silo's view of the catalog's model names (<see cref="IKnownModels"/>): read when the silo becomes active, every
/// <see cref="InferenceFrontOptions.KnownModelsRefreshInterval"/>, on a miss at most once per
/// <see cref="InferenceFrontOptions.KnownModelsMissRefreshInterval"/>, and told directly of models this silo deploys.
/// The catalog never forgets a model, so the view only grows: a read adds what it found to what was known. Misses that
/// arrive while a read is in flight wait for it instead of starting another. Thread-safe; a lookup is one read of an
/// immutable set.
/// </summary>
internal sealed partial class KnownModels(
    IGrainFactory grains,
    IOptions<InferenceFrontOptions> options,
    TimeProvider time,
    ILogger<KnownModels> logger) : IKnownModels, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _refreshInterval = options.Value.KnownModelsRefreshInterval;
    private readonly TimeSpan _missInterval = options.Value.KnownModelsMissRefreshInterval;
    private FrozenSet<string> _known = FrozenSet<string>.Empty;
    private Task? _reading;
    private long? _lastReadStarted;
    private volatile bool _catalogRead;
    private Task _loop = Task.CompletedTask;
    private long _catalogReads;

    /// <summary>Catalog reads started since the silo started (periodic and on misses).</summary>
    public long CatalogReads => Interlocked.Read(ref _catalogReads);

    public bool IsKnown(string model) => model is not null && Volatile.Read(ref _known).Contains(model);

    public async ValueTask<bool> IsKnownAsync(string model, CancellationToken cancellationToken = default)
    {
        if (IsKnown(model))
        {
            return true;
        }

        // A name that could never be deployed is not worth a catalog read.
        if (!ModelNames.IsValid(model))
        {
            return false;
        }

        if (ReadOnMiss() is { } reading)
        {
            await reading.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return IsKnown(model) || (_catalogRead
            ? false
            : throw new InferenceException(InferenceErrorKind.Unavailable,
                $"this silo could not read the model catalog yet, so it cannot tell whether model '{model}' exists; retry shortly, and if it persists check the silo's log"));
    }

    public void Add(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        lock (_gate)
        {
            if (!_known.Contains(model))
            {
                _known = _known.Append(model).ToFrozenSet(StringComparer.Ordinal);
            }
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(KnownModels), ServiceLifecycleStage.Active, OnStartAsync, OnStopAsync);

    public void Dispose() => _stopping.Dispose();

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_refreshInterval, time);
        try
        {
            do
            {
                await StartRead().ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    /// <summary>The read a miss waits for: the one in flight, a new one, or null when the last began within the miss interval.</summary>
    private Task? ReadOnMiss()
    {
        lock (_gate)
        {
            if (_reading is { IsCompleted: false } inFlight)
            {
                return inFlight;
            }

            return _lastReadStarted is { } started && time.GetElapsedTime(started) < _missInterval ? null : StartReadLocked();
        }
    }

    private Task StartRead()
    {
        lock (_gate)
        {
            return _reading is { IsCompleted: false } inFlight ? inFlight : StartReadLocked();
        }
    }

    // Run outside any grain's context: a front's miss starts the read, but every miss of the silo may wait on it.
    private Task StartReadLocked()
    {
        _lastReadStarted = time.GetTimestamp();
        Interlocked.Increment(ref _catalogReads);
        return _reading = Task.Run(ReadCatalogAsync, CancellationToken.None);
    }

    private async Task ReadCatalogAsync()
    {
        try
        {
            var names = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels().ConfigureAwait(false);
            lock (_gate)
            {
                if (!names.All(_known.Contains))
                {
                    _known = _known.Concat(names).ToFrozenSet(StringComparer.Ordinal);
                }
            }

            _catalogRead = true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
        {
            LogCatalogUnreadable(logger, ex, _known.Count, _refreshInterval);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the model catalog; requests are checked against the {Count} models known so far, and a model deployed elsewhere since is refused with 404 until a read succeeds (retried every {Interval} and on requests for unknown models). Check that the catalog grain's silo and the grain storage are up.")]
    private static partial void LogCatalogUnreadable(ILogger logger, Exception exception, int count, TimeSpan interval);
}
