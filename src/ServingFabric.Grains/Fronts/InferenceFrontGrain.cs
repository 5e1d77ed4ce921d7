using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Runtime.Telemetry;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// The per-model entry point, a local pool on every gateway silo so it is never a single bottleneck. It holds the
/// cached routing table and metadata (InferenceFrontGrain.Table.cs) and its timer, and is the view
/// (<see cref="IFrontView"/>) through which <see cref="FrontRequests"/> runs each request: the version from the table's
/// traffic policy (<see cref="VersionChooser"/>), validation, the cache, admission, the replica call and the outcomes.
/// What it fetches it publishes to the silo's edge, which runs the same path without this grain's call while the
/// table is fresh and its traffic fixed (<see cref="EdgeFronts"/>). Status probes and health reports run on the timer
/// (<see cref="ReplicaStatusProbes"/>).
/// Reentrant: a front only waits on replicas, so it must let many requests through at once or the batcher would
/// never see more requests than there are front activations (and overload would queue here instead of being
/// refused by the batcher's bounded queue). Its state changes only between awaits, never across threads.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed partial class InferenceFrontGrain(
    IOptions<InferenceFrontOptions> options,
    TimeProvider time,
    ServingFabricMetrics metrics,
    EdgeAnswers answers,
    VersionChooser versions,
    FrontRequests requests,
    ReplicaCaller replicas,
    FrontOutcomes outcomes,
    ReplicaStatusProbes probes,
    IKnownModels knownModels,
    ILogger<InferenceFrontGrain> logger) : Grain, IInferenceFrontGrain, IFrontView
{
    private readonly InferenceFrontOptions _options = options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(ct => probes.RefreshAsync(this.GetPrimaryKeyString(), _table, ct), new GrainTimerCreationOptions
        {
            DueTime = _options.StatusRefreshInterval,
            Period = _options.StatusRefreshInterval,
            Interleave = true,
            KeepAlive = false,
        });
        return Task.CompletedTask;
    }

    public async Task<InferenceResponse> Infer(InferenceRequest request, string caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        var model = this.GetPrimaryKeyString();
        FrontOutcomes.CheckCaller(model, caller);
        await EnsureKnownAsync(model, started, cancellationToken);
        return await requests.InferAsync(model, request, caller, started, this, cancellationToken);
    }

    ValueTask<RoutingTable> IFrontView.GetLoadedTableAsync() => GetLoadedTableAsync();

    TrafficChoice IFrontView.Choose(RoutingTable table, InferenceRequest request) => versions.Choose(table, request);

    ValueTask<ModelMetadata> IFrontView.GetMetadataAsync(VersionRoute route, CancellationToken cancellationToken) => GetMetadataAsync(route, cancellationToken);

    ValueTask IFrontView.InjectFaultsAsync(
        RoutingTable table, TrafficChoice choice, InferenceRequest request, DateTimeOffset deadline, CancellationToken cancellationToken) =>
        versions.InjectFaultsAsync(table, choice, request, deadline, cancellationToken);

    public async Task<ModelMetadata> GetMetadata(string? version, CancellationToken cancellationToken = default)
    {
        await EnsureKnownAsync(this.GetPrimaryKeyString(), started: null, cancellationToken);
        var table = await GetLoadedTableAsync();
        return await GetMetadataAsync(VersionChooser.Resolve(table, version), cancellationToken);
    }

    public async Task<ModelReadiness> GetReadiness(string? version, CancellationToken cancellationToken = default)
    {
        await EnsureKnownAsync(this.GetPrimaryKeyString(), started: null, cancellationToken);
        var table = await GetTableAsync();
        return await probes.GetReadinessAsync(table, VersionChooser.Resolve(table, version));
    }

    public async Task<FeedbackReceipt> RecordFeedback(string requestId, string caller, double reward, CancellationToken cancellationToken = default)
    {
        var model = this.GetPrimaryKeyString();
        outcomes.CheckFeedback(model, caller, requestId, reward);
        await EnsureKnownAsync(model, started: null, cancellationToken);

        // The table first: if the router cannot be asked, the request keeps its one reward for a retry.
        var table = await GetTableAsync();
        return outcomes.Reward(model, caller, table, requestId, reward);
    }

    /// <summary>
    /// 404 for a model the catalog does not know, before its router is called (an Orleans client can name any model):
    /// counted under <see cref="ServingFabricMetrics.UnknownModel"/> when <paramref name="started"/> is a request's start, and
    /// this activation goes away once idle, so made-up names leave neither routers, fronts nor metric series behind.
    /// </summary>
    private async ValueTask EnsureKnownAsync(string model, long? started, CancellationToken cancellationToken)
    {
        if (knownModels.IsKnown(model) || await knownModels.IsKnownAsync(model, cancellationToken))
        {
            return;
        }

        if (started is { } at)
        {
            metrics.RecordRequest(ServingFabricMetrics.UnknownModel, null, InferenceErrorKind.NotFound, time.GetElapsedTime(at));
        }

        DeactivateOnIdle();
        throw UnknownModel(model);
    }
}
