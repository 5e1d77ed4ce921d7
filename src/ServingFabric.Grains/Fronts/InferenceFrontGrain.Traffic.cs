using Microsoft.Extensions.Logging;
using ServingFabric.Grains.Outcomes;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// Executing the routing table's traffic policy: the version split (sticky by routing key or request id), injected
/// faults, mirrored copies, and the outcome of every request per version (and per release arm) for the router.
/// </summary>
internal sealed partial class InferenceFrontGrain
{
    // Per activation, which runs one turn at a time: no lock needed.
    private readonly TrafficSequences _sequences = new();
    private TrafficPlan? _plan;
    private RoutingTable? _planTable;

    /// <summary>The traffic plan of <paramref name="table"/>, prepared once per table.</summary>
    private TrafficPlan PlanFor(RoutingTable table)
    {
        if (!ReferenceEquals(table, _planTable))
        {
            _plan = TrafficPlan.For(table);
            _planTable = table;
        }

        return _plan!;
    }

    private OutcomeRecord BeginOutcome(RoutingTable table, TrafficPlan plan, TrafficDecision traffic)
    {
        var model = outcomes.For(table.ModelName);
        model.Started(traffic.Version);
        return new OutcomeRecord(model, traffic, plan.Experiment?.Id, plan.Experiment?.SlowThreshold);
    }

    /// <summary>Records how the request ended, and remembers an answered one for feedback while a release runs.</summary>
    private void EndOutcome(in OutcomeRecord record, RequestOutcome result, InferenceRequest request, long started)
    {
        if (record.Outcomes is not { } model)
        {
            return;
        }

        model.Finished(record.Traffic.Version, result, time.GetElapsedTime(started), record.SlowThreshold, record.Traffic.ExperimentId);
        if (result == RequestOutcome.Answered && record.RunningExperiment is { } experiment && !string.IsNullOrEmpty(request.Id))
        {
            feedback.Remember(model.Model, request.Id, new ServedRequest(record.Traffic.Version, experiment, record.Traffic.SplitAssigned));
        }
    }

    /// <summary>
    /// An injected delay (bounded by the deadline: a delay past it ends in 504, as a slow version would) and an
    /// injected abort, before any replica is called: an aborted request is never retried elsewhere.
    /// </summary>
    private async ValueTask InjectFaultsAsync(
        RoutingTable table, TrafficPlan plan, TrafficDecision traffic, InferenceRequest request, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (traffic.Delay is { } delay)
        {
            var remaining = deadline - time.GetUtcNow();
            if (delay >= remaining)
            {
                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining, time, cancellationToken);
                }

                throw DeadlineExceeded(request, deadline);
            }

            await Task.Delay(delay, time, cancellationToken);
        }

        if (traffic.AbortStatus is { } status)
        {
            var fault = plan.FaultFor(traffic.Version);
            throw new InferenceException(status == 503 ? InferenceErrorKind.Unavailable : InferenceErrorKind.Internal,
                $"fault injected by an operator for version {traffic.Version} (abort {fault?.AbortPercent:0.###}%); clear it with DELETE /v1/models/{table.ModelName}/versions/{traffic.Version}/fault");
        }
    }

    /// <summary>
    /// Sends the mirrored copy, if the plan chose one, without waiting for it: within the silo's limit, on the thread
    /// pool (it outlives the request and perhaps this activation), its answer discarded and its outcome recorded under
    /// the mirror version.
    /// </summary>
    private void StartMirror(RoutingTable table, TrafficPlan plan, TrafficDecision traffic, InferenceRequest call)
    {
        if (traffic.MirrorVersion is not { } mirror || FindRoute(table, mirror) is not { } route)
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
        var slowThreshold = plan.Experiment?.SlowThreshold;
        _ = Task.Run(() => MirrorAsync(model, replicas, copy, slowThreshold), CancellationToken.None);
    }

    /// <summary>
    /// One attempt on one replica of the mirror version, chosen and counted by the silo's balancer like any call, and
    /// never retried: shadow traffic must not add load of its own to a version that struggles. Uses the injected grain
    /// factory, since the activation's own may be gone by the time the copy runs.
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

            using var attempt = new CancellationTokenSource(remaining < _options.AttemptTimeout ? remaining : _options.AttemptTimeout, time);
            try
            {
                await grains.GetGrain<IModelReplicaGrain>(slot.Key).Infer(copy, attempt.Token);
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

    private static VersionRoute? FindRoute(RoutingTable table, string version)
    {
        foreach (var route in table.Versions)
        {
            if (route.Version == version)
            {
                return route;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mirrored copy of a model {Model} request to version {Version} failed ({Reason}); the caller was not affected, and the failure counts in the version's outcomes")]
    private static partial void LogMirrorFailed(ILogger logger, string model, string version, string reason);

    /// <summary>A request in progress whose outcome is recorded when it ends; default: its version is not known yet.</summary>
    private readonly record struct OutcomeRecord(ModelOutcomes? Outcomes, TrafficDecision Traffic, string? RunningExperiment, TimeSpan? SlowThreshold);
}
