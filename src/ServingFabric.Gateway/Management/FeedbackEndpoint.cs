using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Releases;
using ServingFabric.Contracts.Security;
using ServingFabric.Gateway.Auth;
using ServingFabric.Gateway.Operator;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// <c>POST /v1/models/{name}/feedback</c> <c>{"id": "&lt;request id&gt;", "reward": &lt;number&gt;}</c>: the reward for a
/// request this gateway silo served, added to the A/B arm that served it (the A/B primary metric "reward"). Bound to
/// the request it rewards: request ids are namespaced by the principal that sent the inference request, so a caller
/// rewards only its own requests, once each, with a reward within the configured <see cref="RewardRange"/> (one
/// caller's outsized rewards, or rewards for ids it did not send, cannot decide a test). A principal holding the
/// <c>feedback</c> scope for the model may reward another caller's request by naming it in <c>caller</c>. Answers
/// where the reward went.
/// </summary>
internal static class FeedbackEndpoint
{
    private const string IdExpected = "the id of the inference request (the \"id\" it sent, echoed in its response)";
    private const string CallerExpected = "the caller whose request this rewards (such as \"key:checkout\"); omit it to reward your own request";

    public static async Task HandleAsync(HttpContext context, string name, IGrainFactory grains)
    {
        await ManagedModels.RouterAsync(context, grains, name);
        var rewards = context.RequestServices.GetRequiredService<RewardRange>();
        var body = BodyFor(rewards);
        var request = await ManagementBody.ReadAsync(context.Request, body);
        var id = body.NonEmpty("id", request.Id, IdExpected);
        if (id.Length > 256)
        {
            throw body.Fail("id", $"has {id.Length} characters", "a request id of at most 256 characters");
        }

        var reward = body.Number("reward", request.Reward, rewards.Contains)!.Value;
        var caller = WhoseRequest(context, name, body, request.Caller);
        var receipt = await grains.GetGrain<IInferenceFrontGrain>(name).RecordFeedback(id, caller, reward, context.RequestAborted);
        var answer = ManagementAnswers.Feedback(name, receipt) with { Caller = caller };
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, answer, ManagementJsonContext.Default.FeedbackResponse);
    }

    /// <summary>
    /// The caller whose request is rewarded: the requester itself, or the one it names when it holds the
    /// <c>feedback</c> scope for <paramref name="model"/> (403 otherwise: ids of other callers are theirs alone).
    /// </summary>
    private static string WhoseRequest(HttpContext context, string model, ManagementBodySchema<FeedbackRequest> body, string? named)
    {
        var self = FabricPrincipals.CallerOf(context.User);
        if (named is null || string.Equals(named, self, StringComparison.Ordinal))
        {
            return self;
        }

        body.NonEmpty("caller", named, CallerExpected);
        if (named.Length > 512)
        {
            throw body.Fail("caller", $"has {named.Length} characters", "a caller name of at most 512 characters");
        }

        return FabricPrincipals.HasScope(context.User, FabricScopes.Feedback, model)
            ? named
            : throw new InferenceException(InferenceErrorKind.Forbidden,
                $"caller '{self}' may reward only its own requests; rewarding a request of '{named}' needs the '{FabricScopes.Feedback}' scope for model '{model}'. Omit \"caller\" to reward your own request, or send the feedback with the credentials that made the request");
    }

    private static ManagementBodySchema<FeedbackRequest> BodyFor(RewardRange rewards) => new(
        ManagementJsonContext.Default.FeedbackRequest,
        """{"id": "req-42", "reward": 1}""",
        new Dictionary<string, string>
        {
            ["id"] = IdExpected,
            ["reward"] = $"a finite number within {rewards} (higher is better), such as 1 for a click and 0 for none; the range is set by ServingFabric:Inference:FeedbackRewardMin and FeedbackRewardMax",
            ["caller"] = CallerExpected,
        });
}
