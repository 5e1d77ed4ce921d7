using Microsoft.AspNetCore.Http;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Releases;
using ServingFabric.Gateway.Operator;
using ServingFabric.Grains;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// <c>POST /v1/models/{name}/feedback</c> <c>{"id": "&lt;request id&gt;", "reward": &lt;number&gt;}</c>: the reward for a
/// request this gateway silo served, added to the A/B arm that served it (the A/B primary metric "reward"). Open like
/// inference itself: the caller must know a request id it was answered, and a reward only moves the statistics of the
/// arm that served that request. Answers where the reward went.
/// </summary>
internal static class FeedbackEndpoint
{
    private const string RewardExpected = "a finite number (higher is better), such as 1 for a click and 0 for none";
    private const string IdExpected = "the id of the inference request (the \"id\" it sent, echoed in its response)";

    private static readonly ManagementBodySchema<FeedbackRequest> Body = new(
        ManagementJsonContext.Default.FeedbackRequest,
        """{"id": "req-42", "reward": 1}""",
        new Dictionary<string, string> { ["id"] = IdExpected, ["reward"] = RewardExpected });

    public static async Task HandleAsync(HttpContext context, string name, IGrainFactory grains)
    {
        await ManagedModels.RouterAsync(grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, Body);
        var id = Body.NonEmpty("id", body.Id, IdExpected);
        if (id.Length > 256)
        {
            throw Body.Fail("id", $"has {id.Length} characters", "a request id of at most 256 characters");
        }

        var reward = Body.Number("reward", body.Reward, r => Math.Abs(r) <= 1e9, RewardExpected)!.Value;
        var receipt = await grains.GetGrain<IInferenceFrontGrain>(name).RecordFeedback(id, reward, context.RequestAborted);
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Feedback(name, receipt), ManagementJsonContext.Default.FeedbackResponse);
    }
}
