using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Traffic.LoadBalancing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// Calling replicas: power-of-two-choices among the replicas in rotation, each attempt bounded by
/// <see cref="InferenceFrontOptions.AttemptTimeout"/> and the deadline, and one retry on another replica (on another
/// silo when one is known) when the first fails for a reason that is not the caller's. Inference is idempotent: a
/// request that reached a replica which then died may safely run again elsewhere.
/// </summary>
internal sealed partial class InferenceFrontGrain
{
    private async Task<InferenceResponse> CallReplicasAsync(
        VersionBalancer replicas, InferenceRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
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

            var (response, error) = await CallReplicaAsync(replicas, slot, probe, request, deadline, remaining, cancellationToken);
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

    /// <summary>One attempt; the response, or the failure already counted against the replica.</summary>
    private async Task<(InferenceResponse? Response, Exception? Error)> CallReplicaAsync(
        VersionBalancer replicas, ReplicaSlot slot, bool probe, InferenceRequest request, DateTimeOffset deadline, TimeSpan remaining,
        CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(remaining < _options.AttemptTimeout ? remaining : _options.AttemptTimeout);
        try
        {
            var response = await GrainFactory.GetGrain<IModelReplicaGrain>(slot.Key).Infer(request, attempt.Token);
            Observe(slot, replicas.Complete(slot, ReplicaCallOutcome.Success, probe), probe);
            return (response, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (time.GetUtcNow() >= deadline)
            {
                // The caller's deadline ran out, not the replica's turn: that says nothing about the replica.
                replicas.Complete(slot, ReplicaCallOutcome.Neutral, probe);
                return (null, DeadlineExceeded(request, deadline));
            }

            Observe(slot, replicas.Complete(slot, ReplicaCallOutcome.ReplicaFailure, probe), probe);
            return (null, new TimeoutException($"replica {slot.Key} did not answer within {_options.AttemptTimeout.TotalSeconds:0.###} s"));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ReplicaCallFailures.IsRetryable(ex))
        {
            Observe(slot, replicas.Complete(slot, ReplicaCallFailures.Classify(ex), probe), probe);
            return (null, ex);
        }
        catch
        {
            // The caller's own doing (bad input, gone away): neither the replica's fault nor worth a retry.
            replicas.Complete(slot, ReplicaCallOutcome.Neutral, probe);
            throw;
        }
    }

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
    private static InferenceException FinalError(InferenceRequest request, Exception first, Exception? second)
    {
        if ((second ?? first) is InferenceException answered)
        {
            return answered;
        }

        return new InferenceException(InferenceErrorKind.Unavailable,
            $"model '{request.ModelName}' version '{request.ModelVersion}' failed on two replicas ({first.Message}; then {second?.Message ?? "no other replica"}); the cluster may be recovering from a failure, retry shortly",
            second ?? first);
    }

    private static InferenceException DeadlineExceeded(InferenceRequest request, DateTimeOffset deadline) =>
        new(InferenceErrorKind.DeadlineExceeded,
            $"deadline exceeded: model '{request.ModelName}' did not answer by {deadline:O}; raise the request timeout or reduce load");
}
