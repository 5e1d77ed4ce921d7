using ServingFabric.Grains.Outcomes;
using ServingFabric.Inference;
using ServingFabric.Models;
using ServingFabric.Releases;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// What the fronts of a silo record for the routers: every request's outcome per version (and per release arm), and
/// rewards for requests answered while a release ran, which go to the version that answered and to the release's arm
/// when the release's split chose that version and the release still runs. The silo's <see cref="FeedbackLedger"/>
/// remembers who answered what. Thread-safe (a singleton, like the collector and ledger it writes to).
/// </summary>
internal sealed class FrontOutcomes(OutcomeCollector outcomes, FeedbackLedger feedback, TimeProvider time)
{
    /// <summary>Counts a request as started on the version <paramref name="traffic"/> chose.</summary>
    public OutcomeRecord Begin(string model, TrafficPlan plan, TrafficDecision traffic)
    {
        var versions = outcomes.For(model);
        versions.Started(traffic.Version);
        return new OutcomeRecord(versions, traffic, plan.Experiment?.Id, plan.Experiment?.SlowThreshold);
    }

    /// <summary>Records how the request ended, and remembers an answered one for feedback while a release runs.</summary>
    public void End(in OutcomeRecord record, RequestOutcome result, InferenceRequest request, long started)
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

    /// <summary>Refuses feedback that could never count (no request id, a reward that is not a finite number).</summary>
    public static void CheckFeedback(string model, string requestId, double reward)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"feedback for model '{model}' names no request id; send the id of the inference request the reward is for");
        }

        if (!double.IsFinite(reward))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"reward for request id '{requestId}' is {reward}; send a finite number (higher is better)");
        }
    }

    /// <summary>
    /// Adds the reward for <paramref name="requestId"/>, once; 404 when this silo did not serve it while a release ran
    /// (or forgot it), 409 when it was rewarded already. <paramref name="table"/> tells whether the release still runs.
    /// </summary>
    public FeedbackReceipt Reward(string model, RoutingTable table, string requestId, double reward)
    {
        switch (feedback.TryClaim(model, requestId, out var served))
        {
            case FeedbackClaim.Unknown:
                throw new InferenceException(InferenceErrorKind.NotFound,
                    $"request id '{requestId}' was not served by this gateway for model '{model}' in the last {Describe(feedback.Window)} or no release was running; send feedback to the gateway that answered the request");
            case FeedbackClaim.AlreadyRewarded:
                throw new InferenceException(InferenceErrorKind.Conflict,
                    $"request id '{requestId}' of model '{model}' already received its reward; each request counts once, so a retried feedback call changes nothing");
        }

        // A reward that arrives after its release ended still describes the version, but no longer any arm.
        var arm = served.SplitAssigned && table.Traffic?.Experiment?.Id == served.ExperimentId ? served.ExperimentId : null;
        outcomes.For(model).Rewarded(served.Version, reward, arm);
        return new FeedbackReceipt(requestId, served.Version, arm is null ? null : table.Traffic?.Experiment?.ReleaseId ?? arm);
    }

    private static string Describe(TimeSpan window) =>
        window.TotalMinutes >= 1 && window.Seconds == 0 && window.Milliseconds == 0 ? $"{window.TotalMinutes:0.##} min" : $"{window.TotalSeconds:0.###} s";
}
