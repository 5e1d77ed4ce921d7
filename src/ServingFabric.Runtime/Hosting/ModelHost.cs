using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Runtime.Batching;
using ServingFabric.Runtime.Engines;
using ServingFabric.Runtime.Repository;

namespace ServingFabric.Runtime.Hosting;

/// <summary>
/// The silo's loaded model versions (a singleton): replicas of one version on one silo share one engine session
/// and one batcher, so memory is spent once and their requests merge into the same batches.
/// </summary>
public sealed partial class ModelHost : IAsyncDisposable
{
    private readonly IModelRepository _repository;
    private readonly Dictionary<string, IInferenceEngineFactory> _factories = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IArtifactVerifier? _verifier;
    private readonly IBatchObserverFactory? _observers;
    private readonly int _maxSessions;

    private readonly object _gate = new();
    private readonly Dictionary<(string, string), ModelSlot> _slots = [];
    private readonly Dictionary<(string, string), ModelSlot> _unloading = [];
    private bool _disposed;

    /// <param name="repository">Where configs and artifacts are found.</param>
    /// <param name="engineFactories">One per platform this silo serves.</param>
    /// <param name="time">Drives batching delays and deadlines.</param>
    /// <param name="loggerFactory">Loggers for the host and each batcher.</param>
    /// <param name="artifactVerifier">Checks artifacts before loading; null checks nothing.</param>
    /// <param name="observerFactory">Gives each batcher its telemetry observer; null observes nothing.</param>
    /// <param name="options">How many sessions the silo may hold; null means <see cref="ModelHostOptions.DefaultMaxSessions"/>.</param>
    public ModelHost(
        IModelRepository repository,
        IEnumerable<IInferenceEngineFactory> engineFactories,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        IArtifactVerifier? artifactVerifier = null,
        IBatchObserverFactory? observerFactory = null,
        IOptions<ModelHostOptions>? options = null)
    {
        _maxSessions = options?.Value.MaxSessions ?? ModelHostOptions.DefaultMaxSessions;
        if (_maxSessions < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _maxSessions, "ServingFabric:Silo:MaxModelSessions must be 0 (no limit) or more.");
        }

        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(engineFactories);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        foreach (var factory in engineFactories)
        {
            if (!_factories.TryAdd(factory.Platform, factory))
            {
                throw new ArgumentException($"Two engine factories serve platform '{factory.Platform}'; register one per platform.", nameof(engineFactories));
            }
        }

        _repository = repository;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ModelHost>();
        _verifier = artifactVerifier;
        _observers = observerFactory;
    }

    /// <summary>
    /// Holds <paramref name="model"/> <paramref name="version"/>, loading it if no one holds it yet; concurrent
    /// callers share one load. A failed load fails every caller waiting on it, and the next call tries again.
    /// </summary>
    /// <exception cref="InferenceException">NotFound for an unknown model or version; Unavailable when the platform
    /// is not served, the artifact is refused, or the silo is shutting down; the engine's own error otherwise.</exception>
    public async Task<ModelLease> AcquireAsync(string model, string version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(version);
        ModelSlot slot;
        lock (_gate)
        {
            if (_disposed)
            {
                throw new InferenceException(InferenceErrorKind.Unavailable, "this silo is shutting down and loads no models; retry on another silo");
            }

            // A session on a GPU that failed is not shared with newcomers: they get a fresh one on a healthy device,
            // while the replicas still holding the old one let it go as they notice.
            if (_slots.TryGetValue((model, version), out slot!) && slot.Load.IsCompletedSuccessfully && slot.Load.Result.GpuFault is not null)
            {
                _slots.Remove(slot.Key);
                slot = null!;
            }

            if (slot is null)
            {
                CheckSessionLimit(model, version);
                slot = new ModelSlot(model, version) { LoadStarted = _time.GetTimestamp() };
                _slots.Add(slot.Key, slot);
                _unloading.TryGetValue(slot.Key, out var previous);
                slot.Load = LoadAsync(slot, previous?.Unload);
            }

            slot.Leases++;
        }

        try
        {
            var loaded = await slot.Load.WaitAsync(ct).ConfigureAwait(false);
            return new ModelLease(this, slot, loaded);
        }
        catch
        {
            await ReleaseAsync(slot).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The most sessions this silo may hold (0: no limit).</summary>
    public int MaxSessions => _maxSessions;

    /// <summary>The versions held now, by model and version.</summary>
    public IReadOnlyList<LoadedModelInfo> GetLoadedModels()
    {
        lock (_gate)
        {
            return [.. _slots.Values
                .OrderBy(s => s.ModelName, StringComparer.Ordinal)
                .ThenBy(s => s.Version, StringComparer.Ordinal)
                .Select(Describe)];
        }
    }

    /// <summary>Unloads every version, whoever still holds it; later acquires fail with Unavailable.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Task> unloads = [];
        lock (_gate)
        {
            _disposed = true;
            foreach (var slot in _slots.Values)
            {
                unloads.Add(StartUnload(slot));
            }

            unloads.AddRange(_unloading.Values.Select(s => s.Unload!));
            _slots.Clear();
        }

        await Task.WhenAll(unloads).ConfigureAwait(false);
    }

    internal Task ReleaseAsync(ModelSlot slot)
    {
        lock (_gate)
        {
            if (--slot.Leases > 0)
            {
                return Task.CompletedTask;
            }

            if (_slots.TryGetValue(slot.Key, out var current) && current == slot)
            {
                _slots.Remove(slot.Key);
            }

            return StartUnload(slot);
        }
    }

    // Called under the lock. A session still unloading holds its memory until it is gone, so it counts.
    private void CheckSessionLimit(string model, string version)
    {
        if (_maxSessions == 0)
        {
            return;
        }

        var held = _slots.Count + _unloading.Keys.Count(k => !_slots.ContainsKey(k));
        if (held >= _maxSessions)
        {
            throw new InferenceException(InferenceErrorKind.Unavailable, string.Create(CultureInfo.InvariantCulture,
                $"model '{model}' version '{version}' cannot load on this silo: it holds {held} model sessions, its limit (ServingFabric:Silo:MaxModelSessions = {_maxSessions}); unload a model (POST /v2/repository/models/{{name}}/unload), raise the limit, or add silos"));
        }
    }

    private LoadedModelInfo Describe(ModelSlot slot)
    {
        var ready = slot.Load.IsCompletedSuccessfully;
        var batcher = ready ? slot.Load.Result.Batcher : null;
        return new LoadedModelInfo(
            slot.ModelName,
            slot.Version,
            ready ? ReplicaState.Ready : ReplicaState.Loading,
            slot.Leases,
            batcher?.QueueDepth ?? 0,
            batcher?.QueuedRequests ?? 0,
            ready ? slot.Load.Result.InFlight : 0,
            ready ? TimeSpan.Zero : _time.GetElapsedTime(slot.LoadStarted));
    }
}
