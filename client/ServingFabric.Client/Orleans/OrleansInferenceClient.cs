using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Models;

namespace ServingFabric.Client;

/// <summary>
/// <see cref="IInferenceClient"/> over Orleans grain calls, for .NET services that are cluster clients or silos:
/// no HTTP hop, no tensor encoding. Requests go to the model's <see cref="IInferenceFrontGrain"/>, which validates,
/// routes and retries on another replica, so this client retries only when the gateway silo itself went away.
/// </summary>
public sealed partial class OrleansInferenceClient : IInferenceClient
{
    private readonly IGrainFactory _grainFactory;
    private readonly ServingFabricClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>
    /// The caller this client's requests are made for, <c>orleans:&lt;process name&gt;</c> unless set: fronts namespace
    /// request ids by it for feedback. An Orleans client is trusted to name itself only once the cluster's connections
    /// use mutual TLS.
    /// </summary>
    public string Caller { get; init; } = DefaultCaller;

    private static string DefaultCaller { get; } = "orleans:" + AppDomain.CurrentDomain.FriendlyName;

    /// <summary>Creates a client over <paramref name="grainFactory"/> (an <c>IClusterClient</c>, or a silo's grain factory).</summary>
    public OrleansInferenceClient(IGrainFactory grainFactory, ServingFabricClientOptions options)
        : this(grainFactory, Options.Create(options), TimeProvider.System, NullLogger<OrleansInferenceClient>.Instance)
    {
    }

    /// <summary>The constructor dependency injection uses.</summary>
    [ActivatorUtilitiesConstructor]
    public OrleansInferenceClient(
        IGrainFactory grainFactory,
        IOptions<ServingFabricClientOptions> options,
        TimeProvider timeProvider,
        ILogger<OrleansInferenceClient> logger)
    {
        ArgumentNullException.ThrowIfNull(grainFactory);
        ArgumentNullException.ThrowIfNull(options);
        _grainFactory = grainFactory;
        _options = options.Value;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public async Task<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.ModelName, nameof(request));

        // The deadline travels in the request so the replica's batcher drops work nobody waits for; the token
        // additionally stops this caller waiting when a silo hangs.
        var deadline = CallDeadline.For(request, _options.DefaultTimeout, _timeProvider);
        var withDeadline = request.Deadline is null ? request with { Deadline = deadline } : request;
        using var call = CallDeadline.Start(deadline, _timeProvider, cancellationToken);
        var front = Front(request.ModelName);
        try
        {
            try
            {
                return await front.Infer(withDeadline, Caller, call.Token);
            }
            catch (SiloUnavailableException ex)
            {
                // Inference is idempotent; fronts are stateless workers, so the retry lands on a live gateway silo.
                LogRetryingAfterSiloFailure(_logger, request.ModelName, request.Id, ex.Message);
                return await front.Infer(withDeadline, Caller, call.Token);
            }
        }
        catch (OperationCanceledException ex) when (call.Expired)
        {
            throw CallDeadline.Exceeded(deadline, ex);
        }
        catch (TimeoutException ex)
        {
            throw CallDeadline.Exceeded(deadline, ex);
        }
    }

    /// <inheritdoc />
    public async Task<ModelMetadata> GetModelMetadataAsync(string model, string? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        using var call = StartDefaultDeadline(cancellationToken);
        try
        {
            return await Front(model).GetMetadata(version, call.Token);
        }
        catch (OperationCanceledException ex) when (call.Expired)
        {
            throw CallDeadline.Exceeded(call.Deadline, ex);
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsModelReadyAsync(string model, string? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        using var call = StartDefaultDeadline(cancellationToken);
        var readiness = await TryGetReadinessAsync(model, version, call);
        return readiness?.Ready ?? false;
    }

    /// <inheritdoc />
    public async Task<bool> IsServerReadyAsync(CancellationToken cancellationToken = default)
    {
        using var call = StartDefaultDeadline(cancellationToken);
        IReadOnlyList<string> models;
        try
        {
            models = await _grainFactory.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels();
        }
        catch (Exception ex) when (IsUnreachable(ex, call))
        {
            LogClusterUnreachable(_logger, ex.Message);
            return false;
        }

        // The question is "is every model ready", so ask all at once rather than one after another.
        var readiness = await Task.WhenAll(models.Select(model => TryGetReadinessAsync(model, version: null, call)));
        return readiness.All(r => r?.Ready == true);
    }

    /// <inheritdoc />
    public async Task<bool> IsServerLiveAsync(CancellationToken cancellationToken = default)
    {
        // Live means "answers a call": the catalog is the one grain every cluster has.
        using var call = StartDefaultDeadline(cancellationToken);
        try
        {
            await _grainFactory.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListModels();
            return true;
        }
        catch (Exception ex) when (IsUnreachable(ex, call))
        {
            LogClusterUnreachable(_logger, ex.Message);
            return false;
        }
    }

    /// <summary>The version's readiness, or null when the model is unknown or the cluster cannot be reached.</summary>
    private async Task<ModelReadiness?> TryGetReadinessAsync(string model, string? version, CallDeadline call)
    {
        try
        {
            var readiness = await Front(model).GetReadiness(version, call.Token);
            if (!readiness.Ready)
            {
                LogModelNotReady(_logger, model, readiness.Version, readiness.Reason ?? "no reason given");
            }

            return readiness;
        }
        catch (InferenceException ex) when (ex.Kind is InferenceErrorKind.NotFound or InferenceErrorKind.Unavailable)
        {
            LogModelNotReady(_logger, model, version ?? "(default)", ex.Message);
            return null;
        }
        catch (Exception ex) when (IsUnreachable(ex, call))
        {
            LogClusterUnreachable(_logger, ex.Message);
            return null;
        }
    }

    /// <summary>
    /// Failures that mean "could not get an answer" (a probe's no), as opposed to the caller cancelling,
    /// which must still surface as cancellation.
    /// </summary>
    private static bool IsUnreachable(Exception ex, CallDeadline call) =>
        ex is OrleansException or TimeoutException || (ex is OperationCanceledException && call.Expired);

    private IInferenceFrontGrain Front(string model) => _grainFactory.GetGrain<IInferenceFrontGrain>(model);

    private CallDeadline StartDefaultDeadline(CancellationToken cancellationToken) =>
        CallDeadline.Start(_timeProvider.GetUtcNow() + _options.DefaultTimeout, _timeProvider, cancellationToken);
}
