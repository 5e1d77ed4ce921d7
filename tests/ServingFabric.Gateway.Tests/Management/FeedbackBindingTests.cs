using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Grains;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;
using static ServingFabric.Gateway.Tests.Management.ManagementScenario;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>
/// Feedback over HTTP is bound to the caller that made the request: another caller (here an Orleans client naming
/// itself) reusing the id neither rewrites nor claims it, naming another caller takes the feedback scope, and rewards
/// stay within the configured range. Every HTTP request here carries the fixture's admin key, caller key:admin.
/// </summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class FeedbackBindingTests(ManagementGatewayFixture fixture)
{
    private const string Model = "feedback-m";
    private const string Attacker = "orleans:mallory";
    private static Task? s_release;

    private ManagementHttp Http => fixture.Http;

    private IInferenceFrontGrain Front => fixture.Services.GetRequiredService<IGrainFactory>().GetGrain<IInferenceFrontGrain>(Model);

    [Fact]
    public async Task Feedback_AttackerReusedVictimsIdFirst_VictimsFeedbackRewardsVictimsVersion()
    {
        await ReleaseRunningAsync();
        await Front.Infer(Request("reused", "2"), Attacker);
        (await InferAsync(Http, Model, version: "1", "reused")).Expect(HttpStatusCode.OK);
        await Front.Infer(Request("reused", "2"), Attacker);

        var receipt = (await FeedbackAsync("""{"id": "reused", "reward": 1}""")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal("1", receipt.GetProperty("version").GetString());
        Assert.Equal(ManagementGatewayFixture.Caller, receipt.GetProperty("caller").GetString());
        Assert.Equal("2", (await Front.RecordFeedback("reused", Attacker, 1)).Version);
    }

    [Fact]
    public async Task Feedback_AttackerRewardsVictimsRequest_RefusedAndVictimStillRewards()
    {
        await ReleaseRunningAsync();
        (await InferAsync(Http, Model, version: "1", "victims")).Expect(HttpStatusCode.OK);

        var asOrleansClient = await Assert.ThrowsAsync<InferenceException>(() => Front.RecordFeedback("victims", Attacker, 1));
        var namingAnother = await FeedbackAsync("""{"id": "victims", "reward": 1, "caller": "key:victim"}""");
        var victim = await FeedbackAsync("""{"id": "victims", "reward": -1}""");

        Assert.Equal(InferenceErrorKind.NotFound, asOrleansClient.Kind);
        // The admin key holds the feedback scope, so it may name another caller, but key:victim sent no such request
        // (the 403 for a caller without that scope is in Auth/FeedbackCredentialTests).
        namingAnother.Expect(HttpStatusCode.NotFound);
        Assert.Equal("1", victim.Expect(HttpStatusCode.OK).Json.GetProperty("version").GetString());
        (await FeedbackAsync("""{"id": "victims", "reward": -1}""")).Expect(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-2")]
    [InlineData("1e9")]
    public async Task Feedback_RewardOutsideRange_Returns400NamingRange(string reward)
    {
        await ReleaseRunningAsync();
        var id = $"range-{reward}";
        (await InferAsync(Http, Model, version: "1", id)).Expect(HttpStatusCode.OK);

        var refused = (await FeedbackAsync($$"""{"id": "{{id}}", "reward": {{reward}}}""")).Expect(HttpStatusCode.BadRequest).Json;

        Assert.Contains("field 'reward' is ", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("expected a finite number within [-1, 1]", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        (await FeedbackAsync($$"""{"id": "{{id}}", "reward": 1}""")).Expect(HttpStatusCode.OK);
    }

    private static InferenceRequest Request(string id, string version) =>
        new(id, Model, version, [TensorFactory.Create("input", [1, 4], IrisReference.Rows(1, seed: 3))]);

    private Task<ManagementHttp.Answer> FeedbackAsync(string body) =>
        Http.SendAsync(HttpMethod.Post, $"/v1/models/{Model}/feedback", body, actor: null);

    private Task ReleaseRunningAsync() => s_release ??= StartReleaseAsync();

    // An A/B test on version 2, then inferences until this silo's front remembers one for feedback (it learns of the
    // release on its next routing table refresh): from then on every answered request is remembered.
    private async Task StartReleaseAsync()
    {
        await RegisterAsync(fixture, Model, "2");
        await WaitReadyAsync(Http, Model, "2");
        (await Http.SendAsync(HttpMethod.Post, $"/v1/models/{Model}/experiments", """{"treatment": "2", "metric": "reward", "minimum_duration_seconds": 3600}"""))
            .Expect(HttpStatusCode.Created);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var attempt = 0; ; attempt++)
        {
            var id = $"warm-{attempt}";
            (await InferAsync(Http, Model, version: "1", id)).Expect(HttpStatusCode.OK);
            if ((await FeedbackAsync($$"""{"id": "{{id}}", "reward": 0}""")).Status == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
