using ServingFabric.Inference;
using ServingFabric.Releases;
using ServingFabric.Traffic.Routing;

namespace ServingFabric.Grains.Fronts;

/// <summary>
/// Feedback: a reward for a request this silo answered while a release ran goes to the version that answered it,
/// and to the release's arm when the release's split chose that version and the release still runs. The silo's
/// <see cref="FeedbackLedger"/> remembers who answered what (InferenceFrontGrain.Traffic.cs records it).
/// </summary>
internal sealed partial class InferenceFrontGrain
{
    public async Task<FeedbackReceipt> RecordFeedback(string requestId, double reward, CancellationToken cancellationToken = default)
    {
        var model = this.GetPrimaryKeyString();
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

        // The table first: if the router cannot be asked, the request keeps its one reward for a retry.
        var table = await GetTableAsync();
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
