using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServingFabric.Grains.Outcomes;
using ServingFabric.Grains.Replicas;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Telemetry;
using ServingFabric.Traffic.LoadBalancing;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// Calls a version's replicas for the fronts of a silo: power-of-two-choices among the replicas in rotation (the
/// silo's <see cref="ReplicaBalancer"/>), each attempt bounded by <see cref="InferenceFrontOptions.AttemptTimeout"/> and
/// the deadline, and one retry on another replica (on another silo when one is known) when the first fails for a
/// reason that is not the caller's. Inference is idempotent: a request that reached a replica which then died may
/// safely run again elsewhere. A replica loaded on this silo is called directly (<see cref="LocalReplicas"/>), others
/// through their grain. Also sends mirrored copies. Thread-safe: a singleton, its state in the balancer.
/// </summary>
internal sealed partial class ReplicaCaller(
    IOptions<InferenceFrontOptions> options,
    TimeProvider time,
    ReplicaBalancer balancer,
    OutcomeCollector outcomes,
    LocalReplicas local,
    IGrainFactory grains,
    ILogger<ReplicaCaller> logger)
{
    private readonly TimeSpan _attemptTimeout = options.Value.AttemptTimeout;
    private readonly LocalReplicas? _local = options.Value.CallLocalReplicasDirectly ? local : null;

    /// <summary>Forgets the balancers of versions <paramref name="table"/> no longer routes.</summary>
    public void Retain(RoutingTable table) => balancer.Retain(table);

    /// <summary>Runs <paramref name="request"/> on a replica of <paramref name="route"/>, retrying once on another.</summary>
    public async Task<InferenceResponse> CallAsync(
        string model, VersionRoute route, InferenceRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var replicas = balancer.For(model, route);
        ReplicaSlot? failed = null;
        Exception? firstError = null;
        while (true)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                throw DeadlineExceeded(request, deadline);
            }

            var slot = replicas.Choose(failed, out var probe);
            if (slot is null)
            {
                throw firstError is not null
                    ? FinalError(request, firstError, null)
                    : new InferenceException(InferenceErrorKind.Unavailable, $"model '{request.ModelName}' version '{request.ModelVersion}' has no replica; deploy it again");
            }

            var (response, error) = await AttemptAsync(replicas, slot, probe, request, deadline, remaining, failed is null ? 1 : 2, cancellationToken);
            if (response is not null)
            {
                return response;
            }

            if (failed is not null || !ReplicaCallFailures.IsRetryable(error!))
            {
                throw firstError is null ? error! : FinalError(request, firstError, error);
            }

            LogRetrying(logger, request.ModelName, request.ModelVersion ?? "?", slot.Key, error!.Message);
            failed = slot;
            firstError = error;
        }
    }

    /// <summary>
    /// Sends the mirrored copy, if the plan chose one, without waiting for it: within the silo's limit, on the thread
    /// pool (it outlives the request and perhaps the front activation), its answer discarded and its outcome recorded
    /// under the mirror version.
    /// </summary>
    public void StartMirror(RoutingTable table, TrafficChoice choice, InferenceRequest call)
    {
        if (choice.Traffic.MirrorVersion is not { } mirror || VersionChooser.Find(table, mirror) is not { } route)
        {
            return;
        }

        var model = outcomes.For(table.ModelName);
        if (!outcomes.TryStartMirror())
        {
            model.MirrorDropped();
            return;
        }

        var replicas = balancer.For(table.ModelName, route);
        var copy = call with { ModelVersion = mirror };
        var slowThreshold = choice.Plan.Experiment?.SlowThreshold;
        _ = Task.Run(() => MirrorAsync(model, replicas, copy, slowThreshold), CancellationToken.None);
    }

    public static InferenceException DeadlineExceeded(InferenceRequest request, DateTimeOffset deadline) =>
        new(InferenceErrorKind.DeadlineExceeded,
            $"deadline exceeded: model '{request.ModelName}' did not answer by {deadline:O}; raise the request timeout or reduce load");

    /// <summary>
    /// One attempt; the response, or the failure already counted against the replica. One method (and one state machine)
    /// for the attempt and its span: each async layer that waits on the replica costs a continuation scheduled on the
    /// front's activation per request.
    /// </summary>
    private async Task<(InferenceResponse? Response, Exception? Error)> AttemptAsync(
        VersionBalancer replicas, ReplicaSlot slot, bool probe, InferenceRequest request, DateTimeOffset deadline, TimeSpan remaining,
        int attemptNumber, CancellationToken cancellationToken)
    {
        // One span per attempt: a retry shows as a second attempt beside the failed first, each naming its replica.
        using var span = FabricTracing.Front.StartActivity("replica call");
        span?.SetTag(FabricTracing.Tags.Replica, slot.Key);
        span?.SetTag(FabricTracing.Tags.Attempt, attemptNumber);
        // A replica on this silo runs the call here, most often to completion before this line (a lone request runs
        // inline): only a call still running gets the attempt's timeout, without a linked token and timer per request.
        // A call given up on stays in its batcher until the request's deadline, as a remote one stays in its queue.
        var attemptTimeout = remaining < _attemptTimeout ? remaining : _attemptTimeout;
        var local = _local?.TryInfer(slot.Key, request, cancellationToken);
        using var attempt = local is null ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        attempt?.CancelAfter(attemptTimeout);
        try
        {
            var response = await (local is null ? ReferenceOf(slot).Infer(request, attempt!.Token)
                : local.IsCompleted ? local
                : local.WaitAsync(attemptTimeout, time, cancellationToken));
            Observe(slot, replicas.Complete(slot, ReplicaCallOutcome.Success, probe), probe);
            return (response, null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && (ex is OperationCanceledException || (local is { IsCompleted: false } && ex is TimeoutException)))
        {
            if (time.GetUtcNow() >= deadline)
            {
                // The caller's deadline ran out, not the replica's turn: that says nothing about the replica.
                replicas.Complete(slot, ReplicaCallOutcome.Neutral, probe);
                return Failed(span, DeadlineExceeded(request, deadline));
            }

            Observe(slot, replicas.Complete(slot, ReplicaCallOutcome.ReplicaFailure, probe), probe);
            return Failed(span, new TimeoutException($"replica {slot.Key} did not answer within {_attemptTimeout.TotalSeconds:0.###} s"));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ReplicaCallFailures.IsRetryable(ex))
        {
            Observe(slot, replicas.Complete(slot, ReplicaCallFailures.Classify(ex), probe), probe);
            return Failed(span, ex);
        }
        catch
        {
            // The caller's own doing (bad input, gone away): neither the replica's fault nor worth a retry.
            replicas.Complete(slot, ReplicaCallOutcome.Neutral, probe);
            throw;
        }
    }

    private static (InferenceResponse? Response, Exception? Error) Failed(Activity? span, Exception error)
    {
        FabricTracing.Fail(span, error is InferenceException known ? InferenceOutcomes.Of(known.Kind) : "replica_failure", error.Message);
        return (null, error);
    }

    /// <summary>
    /// One attempt on one replica of the mirror version, chosen and counted by the silo's balancer like any call, and
    /// never retried: shadow traffic must not add load of its own to a version that struggles.
    /// </summary>
    private async Task MirrorAsync(ModelOutcomes model, VersionBalancer replicas, InferenceRequest copy, TimeSpan? slowThreshold)
    {
        var started = time.GetTimestamp();
        var version = copy.ModelVersion!;
        var result = RequestOutcome.ServerError;
        model.Started(version);
        try
        {
            var remaining = copy.Deadline!.Value - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (replicas.Choose(null, out var probe) is not { } slot)
            {
                LogMirrorFailed(logger, copy.ModelName, version, "the version has no replica");
                return;
            }

            using var attempt = new CancellationTokenSource(remaining < _attemptTimeout ? remaining : _attemptTimeout, time);
            try
            {
                await Infer(slot, copy, attempt.Token);
                Observe(slot, replicas.Complete(slot, ReplicaCallOutcome.Success, probe), probe);
                result = RequestOutcome.Answered;
            }
            catch (Exception ex)
            {
                var outcome = ex is not OperationCanceledException ? ReplicaCallFailures.Classify(ex)
                    : time.GetUtcNow() >= copy.Deadline ? ReplicaCallOutcome.Neutral : ReplicaCallOutcome.ReplicaFailure;
                Observe(slot, replicas.Complete(slot, outcome, probe), probe);
                result = ex is InferenceException answered ? RequestOutcomes.Of(answered.Kind) : RequestOutcome.ServerError;
                LogMirrorFailed(logger, copy.ModelName, version, ex.Message);
            }
        }
        finally
        {
            model.Finished(version, result, time.GetElapsedTime(started), slowThreshold, armExperiment: null);
            outcomes.EndMirror();
        }
    }

    private Task<InferenceResponse> Infer(ReplicaSlot slot, InferenceRequest request, CancellationToken cancellationToken) =>
        _local?.TryInfer(slot.Key, request, cancellationToken) ?? ReferenceOf(slot).Infer(request, cancellationToken);

    private IModelReplicaGrain ReferenceOf(ReplicaSlot slot) => slot.Reference ??= grains.GetGrain<IModelReplicaGrain>(slot.Key);

    private void Observe(ReplicaSlot slot, OutlierVerdict verdict, bool probe)
    {
        switch (verdict.Transition)
        {
            case OutlierTransition.Ejected:
                LogEjected(logger, slot.Key, verdict.Reason ?? "", verdict.EjectedUntil ?? default);
                break;
            case OutlierTransition.Reejected:
                LogProbeFailed(logger, slot.Key, verdict.EjectedUntil ?? default);
                break;
            case OutlierTransition.Recovered:
                LogRecovered(logger, slot.Key, probe ? "its probe succeeded" : "it answered after its back-off");
                break;
        }
    }

    // A replica's own answer (engine error, deadline, queue full) keeps its kind; a transport failure becomes a 503
    // that names both attempts, so the caller knows a retry later is reasonable and the operator what happened.
    // Transport failures' own messages name silo addresses and Orleans internals; the caller gets what kind of failure
    // it was, the log (LogRetrying, the front's failure log) the message.
    private static string Describe(Exception error) => error is TimeoutException ? "no answer in time" : "replica unreachable";

    private InferenceException FinalError(InferenceRequest request, Exception first, Exception? second)
    {
        if ((second ?? first) is InferenceException answered)
        {
            return answered;
        }

        LogFailedTwice(logger, second ?? first, request.ModelName, request.ModelVersion ?? "?", first.Message, second?.Message ?? "no other replica");
        return new InferenceException(InferenceErrorKind.Unavailable,
            $"model '{request.ModelName}' version '{request.ModelVersion}' failed on two replicas ({Describe(first)}; then {(second is null ? "no other replica" : Describe(second))}); the cluster may be recovering from a failure, retry shortly",
            second ?? first);
    }
}
