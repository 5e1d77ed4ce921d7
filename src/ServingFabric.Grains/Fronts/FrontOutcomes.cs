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
/// remembers who answered what, for whom: a request is rewarded only in the namespace of the caller that sent it, and
/// only with a reward within <see cref="RewardRange"/>. Thread-safe (a singleton, like the collector and ledger it
/// writes to).
/// </summary>
internal sealed class FrontOutcomes(OutcomeCollector outcomes, FeedbackLedger feedback, RewardRange rewards, TimeProvider time)
{
    /// <summary>The longest caller name a front accepts (callers are <c>key:&lt;name&gt;</c>, <c>jwt:&lt;sub&gt;</c> and the like).</summary>
    public const int MaxCallerLength = 512;

    /// <summary>
    /// Counts a request as started on the version <paramref name="traffic"/> chose; it counts for the availability SLI
    /// against <paramref name="latencyObjective"/> (the routing table's).
    /// </summary>
    public OutcomeRecord Begin(string model, TrafficPlan plan, TrafficDecision traffic, TimeSpan latencyObjective)
    {
        var versions = outcomes.For(model);
        versions.Started(traffic.Version);
        return new OutcomeRecord(versions, traffic, plan.Experiment?.Id, plan.Experiment?.SlowThreshold, latencyObjective);
    }

    /// <summary>
    /// Records how the request ended, and remembers an answered one for feedback while a release runs, under
    /// <paramref name="caller"/>'s namespace of request ids.
    /// </summary>
    public void End(in OutcomeRecord record, RequestOutcome result, InferenceRequest request, string caller, long started)
    {
        if (record.Outcomes is not { } model)
        {
            return;
        }

        model.Finished(record.Traffic.Version, result, time.GetElapsedTime(started), record.SlowThreshold, record.Traffic.ExperimentId, record.LatencyObjective);
        if (result == RequestOutcome.Answered && record.RunningExperiment is { } experiment && !string.IsNullOrEmpty(request.Id))
        {
            feedback.Remember(model.Model, caller, request.Id, new ServedRequest(record.Traffic.Version, experiment, record.Traffic.SplitAssigned));
        }
    }

    /// <summary>
    /// Refuses a caller a front cannot namespace request ids by (none, or longer than <see cref="MaxCallerLength"/>):
    /// whoever calls a front must say on whose behalf.
    /// </summary>
    public static void CheckCaller(string model, string caller)
    {
        if (string.IsNullOrEmpty(caller) || caller.Length > MaxCallerLength)
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"a call to the front of model '{model}' names no caller (or one over {MaxCallerLength} characters); pass the principal the request is made for, such as \"key:<name>\"");
        }
    }

    /// <summary>
    /// Refuses feedback that could never count: no request id, or a reward that is not a finite number within the
    /// accepted range (a grain call is checked as the HTTP endpoint is, since it can come from any cluster client).
    /// </summary>
    public void CheckFeedback(string model, string caller, string requestId, double reward)
    {
        CheckCaller(model, caller);
        if (string.IsNullOrEmpty(requestId))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput,
                $"feedback for model '{model}' names no request id; send the id of the inference request the reward is for");
        }

        if (!rewards.Contains(reward))
        {
            throw new InferenceException(InferenceErrorKind.InvalidInput, RewardOutOfRange(requestId, reward, rewards));
        }
    }

    /// <summary>The message for a reward outside <paramref name="range"/>, the same from the gateway and the front.</summary>
    public static string RewardOutOfRange(string requestId, double reward, RewardRange range) =>
        $"reward for request id '{requestId}' is {reward.ToString(System.Globalization.CultureInfo.InvariantCulture)}; send a finite number within {range} (higher is better; the range is set by ServingFabric:Inference:FeedbackRewardMin and FeedbackRewardMax)";

    /// <summary>
    /// Adds the reward for request <paramref name="requestId"/> that <paramref name="caller"/> sent, once; 404 when this
    /// silo did not serve that caller such a request while a release ran (or forgot it), 409 when it was rewarded
    /// already. <paramref name="table"/> tells whether the release still runs.
    /// </summary>
    public FeedbackReceipt Reward(string model, string caller, RoutingTable table, string requestId, double reward)
    {
        switch (feedback.TryClaim(model, caller, requestId, out var served))
        {
            case FeedbackClaim.Unknown:
                throw new InferenceException(InferenceErrorKind.NotFound,
                    $"request id '{requestId}' was not served to caller '{caller}' by this gateway for model '{model}' in the last {Describe(feedback.Window)} or no release was running; send feedback with the credentials that made the request, to the gateway that answered it");
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
