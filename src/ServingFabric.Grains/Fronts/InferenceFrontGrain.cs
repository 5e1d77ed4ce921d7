using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Runtime.Telemetry;
using ServingFabric.Runtime.Validation;
using ServingFabric.Telemetry;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// The per-model entry point, a local pool on every gateway silo so it is never a single bottleneck. It holds the
/// cached routing table and metadata (InferenceFrontGrain.Table.cs) and its timer, and hands each step of a request to
/// a collaborator: the version from the table's traffic policy (<see cref="VersionChooser"/>), validation against the
/// version's metadata, the one validation of a request (a bad request costs no hop), a cached answer for a
/// deterministic model (<see cref="EdgeAnswers"/>, the cache-hit path the gateway shares), the silo's admission gate
/// (<see cref="FrontAdmission"/>), a replica call with one retry (<see cref="ReplicaCaller"/>), and the outcome per
/// version for the router (<see cref="FrontOutcomes"/>). Status probes and health reports run on the timer
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
    FrontAdmission admission,
    ReplicaCaller replicas,
    FrontOutcomes outcomes,
    ReplicaStatusProbes probes,
    IKnownModels knownModels,
    ILogger<InferenceFrontGrain> logger) : Grain, IInferenceFrontGrain
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

        // Metrics carry the grain's key (a model the catalog knows) and a version only once the table resolved it:
        // never a name a caller made up.
        var model = this.GetPrimaryKeyString();
        using var span = FabricTracing.Front.StartActivity("front infer");
        span?.SetTag(FabricTracing.Tags.Model, model);
        span?.SetTag(FabricTracing.Tags.RequestId, request.Id);
        FrontOutcomes.CheckCaller(model, caller);
        await EnsureKnownAsync(model, started, cancellationToken);
        string? version = null;

        // The gateways' synthetic probes have their own metric and availability view: the users' numbers leave them out.
        var synthetic = ProbeCaller.Is(caller);
        OutcomeRecord outcome = default;
        var result = RequestOutcome.Abandoned;
        try
        {
            var table = await GetLoadedTableAsync();
            var choice = versions.Choose(table, request);
            version = choice.Route.Version;
            span?.SetTag(FabricTracing.Tags.Version, version);
            outcome = synthetic ? default : outcomes.Begin(table.ModelName, choice.Plan, choice.Traffic, table.LatencyObjective);
            RequestValidator.Validate(request, await GetMetadataAsync(choice.Route, cancellationToken));
            var deadline = request.Deadline ?? time.GetUtcNow() + _options.DefaultTimeout;
            await versions.InjectFaultsAsync(table, choice, request, deadline, cancellationToken);

            // Looked up after validation, so a bad request is refused the same whether or not it was seen before.
            if (answers.TryAnswer(table, version, request, out var cacheKey, out var cached))
            {
                span?.SetTag(FabricTracing.Tags.CacheHit, true);
                RecordRequest(model, version, null, started, synthetic);
                result = RequestOutcome.Answered;
                return cached;
            }

            span?.SetTag(FabricTracing.Tags.CacheHit, false);
            using var admitted = await AdmitAsync(table, version, deadline, cancellationToken);
            var call = request with { ModelVersion = version, Deadline = deadline };
            replicas.StartMirror(table, choice, call);
            var response = await replicas.CallAsync(table.ModelName, choice.Route, call, deadline, cancellationToken);
            answers.Remember(cacheKey, response);
            RecordRequest(model, version, null, started, synthetic);
            result = RequestOutcome.Answered;
            return response;
        }
        catch (InferenceException ex)
        {
            FabricTracing.Fail(span, InferenceOutcomes.Of(ex.Kind), ex.Message);
            RecordRequest(model, version, ex.Kind, started, synthetic);
            result = RequestOutcomes.Of(ex.Kind);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReplicaFailed(logger, ex, model, version ?? "?");
            RecordRequest(model, version, InferenceErrorKind.Internal, started, synthetic);
            FabricTracing.Fail(span, InferenceOutcomes.Of(InferenceErrorKind.Internal), ex.GetType().Name);
            result = RequestOutcome.ServerError;
            // The exception (its type, message and stack may name server internals) is in the log line above, not the answer.
            throw new InferenceException(InferenceErrorKind.Internal,
                $"model '{model}' version '{version ?? request.ModelVersion}' failed with an internal error; retry, and if it persists report it to the operator (the silo's log has the details)");
        }
        finally
        {
            outcomes.End(outcome, result, request, caller, started);
        }
    }

    private void RecordRequest(string model, string? version, InferenceErrorKind? error, long started, bool synthetic)
    {
        if (!synthetic)
        {
            metrics.RecordRequest(model, version, error, time.GetElapsedTime(started));
        }
    }

    // A span of its own only where the model has admission limits, so a trace shows the time spent waiting for a slot.
    private async ValueTask<IDisposable?> AdmitAsync(RoutingTable table, string version, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        using var span = table.Admission is null ? null : FabricTracing.Front.StartActivity("admission");
        return await admission.AdmitAsync(table, version, deadline, cancellationToken);
    }

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
