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
/// A request's way through a front, the same whether a front grain runs it or the silo's edge (<see cref="EdgeFronts"/>):
/// the version from the view's traffic policy, the one validation of a request against that version's metadata (a bad
/// request costs no hop), injected faults, a cached answer for a deterministic model (<see cref="EdgeAnswers"/>), the
/// silo's admission gate (<see cref="FrontAdmission"/>), a replica call with one retry (<see cref="ReplicaCaller"/>),
/// the request metrics and the outcome per version for the router (<see cref="FrontOutcomes"/>). Thread-safe: a
/// singleton whose collaborators are; the view (<see cref="IFrontView"/>) holds what is per front.
/// </summary>
internal sealed partial class FrontRequests(
    IOptions<InferenceFrontOptions> options,
    TimeProvider time,
    ServingFabricMetrics metrics,
    EdgeAnswers answers,
    FrontAdmission admission,
    ReplicaCaller replicas,
    FrontOutcomes outcomes,
    ILogger<FrontRequests> logger)
{
    private readonly TimeSpan _defaultTimeout = options.Value.DefaultTimeout;

    /// <summary>
    /// Runs <paramref name="request"/> of <paramref name="model"/> (a model the catalog knows) for
    /// <paramref name="caller"/>, started at <paramref name="started"/> (a timestamp of the time provider).
    /// </summary>
    public async Task<InferenceResponse> InferAsync(
        string model, InferenceRequest request, string caller, long started, IFrontView view, CancellationToken cancellationToken)
    {
        // Metrics carry the model (one the catalog knows) and a version only once the table resolved it: never a name a
        // caller made up.
        using var span = FabricTracing.Front.StartActivity("front infer");
        span?.SetTag(FabricTracing.Tags.Model, model);
        span?.SetTag(FabricTracing.Tags.RequestId, request.Id);
        string? version = null;

        // The gateways' synthetic probes have their own metric and availability view: the users' numbers leave them out.
        var synthetic = ProbeCaller.Is(caller);
        OutcomeRecord outcome = default;
        var result = RequestOutcome.Abandoned;
        try
        {
            var table = await view.GetLoadedTableAsync();
            var choice = view.Choose(table, request);
            version = choice.Route.Version;
            span?.SetTag(FabricTracing.Tags.Version, version);
            outcome = synthetic ? default : outcomes.Begin(table.ModelName, choice.Plan, choice.Traffic, table.LatencyObjective);
            RequestValidator.Validate(request, await view.GetMetadataAsync(choice.Route, cancellationToken));
            var deadline = request.Deadline ?? time.GetUtcNow() + _defaultTimeout;
            await view.InjectFaultsAsync(table, choice, request, deadline, cancellationToken);

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference on model {Model} version {Version} failed unexpectedly; check the replica's silo log for the cause")]
    private static partial void LogReplicaFailed(ILogger logger, Exception exception, string model, string version);
}
