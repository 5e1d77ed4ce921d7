using System.Net;
using System.Text.Json;
using static ServingFabric.Gateway.Tests.Management.ManagementScenario;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>Canary and A/B releases over the management API: start, read, operate, roll back; feedback for an A/B arm.</summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class ReleaseManagementTests(ManagementGatewayFixture fixture)
{
    private ManagementHttp Http => fixture.Http;

    [Fact]
    public async Task Canary_StartPauseResumeRollback_AnswersTheReleaseEachTime()
    {
        await RegisterAsync(fixture, "canary-m", "2");

        var started = (await Http.SendAsync(HttpMethod.Post, "/v1/models/canary-m/canary",
            """{"version": "2", "steps": [10, 50], "min_requests_per_step": 1000, "min_step_seconds": 3600, "reason": "release v2"}""")).Expect(HttpStatusCode.Created).Json;
        Assert.Equal("canary", started.GetProperty("kind").GetString());
        Assert.Equal("running", started.GetProperty("status").GetString());
        Assert.True(started.GetProperty("active").GetBoolean());
        Assert.Equal("1", started.GetProperty("control").GetString());
        Assert.Equal("2", started.GetProperty("candidate").GetString());
        Assert.Equal(10, started.GetProperty("candidate_percent").GetDouble());
        Assert.Equal([10.0, 50.0], started.GetProperty("steps").EnumerateArray().Select(s => s.GetDouble()));
        var id = started.GetProperty("id").GetString();

        var read = (await Http.GetAsync("/v1/models/canary-m/experiment")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(id, read.GetProperty("id").GetString());
        Assert.All(read.GetProperty("arms").EnumerateArray(), arm => Assert.True(arm.TryGetProperty("share_percent", out _)));

        (await Http.SendAsync(HttpMethod.Post, "/v1/models/canary-m/canary", """{"version": "2"}""")).Expect(HttpStatusCode.Conflict);
        (await Http.SendAsync(HttpMethod.Put, "/v1/models/canary-m", """{"weights": [{"version": "1", "percent": 100}]}""")).Expect(HttpStatusCode.Conflict);

        var paused = (await Http.SendAsync(HttpMethod.Post, "/v1/models/canary-m/pause", """{"reason": "weekend"}""")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        var resumed = (await Http.SendAsync(HttpMethod.Post, "/v1/models/canary-m/resume", null)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("running", resumed.GetProperty("status").GetString());

        var rolledBack = (await Http.SendAsync(HttpMethod.Post, "/v1/models/canary-m/rollback", """{"reason": "changed my mind"}""", actor: "dave"))
            .Expect(HttpStatusCode.OK).Json;
        Assert.Equal(id, rolledBack.GetProperty("id").GetString());
        Assert.False(rolledBack.GetProperty("active").GetBoolean());

        var model = (await Http.GetAsync("/v1/models/canary-m")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal(id, model.GetProperty("experiment").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, model.GetProperty("traffic").GetProperty("experiment").ValueKind);
        Assert.Contains(await EventsAsync(Http, "canary-m", "ReleaseStarted"), e => e.GetProperty("actor").GetString() == ManagementGatewayFixture.Caller);
        Assert.Contains(await EventsAsync(Http, "canary-m", "ReleaseRolledBack"), e => e.GetProperty("actor").GetString() == ManagementGatewayFixture.Caller && e.GetProperty("message").GetString()!.Contains("declared actor: dave", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AbTest_StartFeedbackPromoteAbort_RecordsRewardForTheServingArm()
    {
        await RegisterAsync(fixture, "ab-m", "2");
        await WaitReadyAsync(Http, "ab-m", "2");
        var started = (await Http.SendAsync(HttpMethod.Post, "/v1/models/ab-m/experiments",
            """{"treatment": "2", "metric": "reward", "minimum_duration_seconds": 3600, "reason": "does v2 rank better?"}""")).Expect(HttpStatusCode.Created).Json;
        Assert.Equal("ab_test", started.GetProperty("kind").GetString());
        Assert.Equal(50, started.GetProperty("candidate_percent").GetDouble());
        var id = started.GetProperty("id").GetString();

        // Fronts learn of the release on their next table refresh: feed back until a reward lands in the release's arm.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var attempt = 0; ; attempt++)
        {
            var requestId = $"ab-{attempt}";
            var served = (await InferAsync(Http, "ab-m", version: null, requestId)).Expect(HttpStatusCode.OK).Json.GetProperty("model_version").GetString();
            var answer = await Http.SendAsync(HttpMethod.Post, "/v1/models/ab-m/feedback", $$"""{"id": "{{requestId}}", "reward": 1}""", actor: null);
            if (answer.Status == HttpStatusCode.NotFound)
            {
                // Served before this silo's front knew of the release: not an arm's request.
                await Task.Delay(100, timeout.Token);
                continue;
            }

            var receipt = answer.Expect(HttpStatusCode.OK).Json;
            Assert.Equal(requestId, receipt.GetProperty("id").GetString());
            Assert.Equal(served, receipt.GetProperty("version").GetString());
            if (receipt.GetProperty("experiment_id").GetString() == id)
            {
                break;
            }

            await Task.Delay(100, timeout.Token);
        }

        (await Http.SendAsync(HttpMethod.Post, "/v1/models/ab-m/promote", null)).Expect(HttpStatusCode.Conflict);
        var aborted = (await Http.SendAsync(HttpMethod.Post, "/v1/models/ab-m/abort", """{"reason": "enough"}""")).Expect(HttpStatusCode.OK).Json;
        Assert.False(aborted.GetProperty("active").GetBoolean());
        (await Http.SendAsync(HttpMethod.Post, "/v1/models/ab-m/feedback", """{"id": "never-served", "reward": 1}""", actor: null))
            .Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetExperiment_NoReleaseEver_Returns404()
    {
        var answer = (await Http.GetAsync("/v1/models/scaling-m/experiment")).Expect(HttpStatusCode.NotFound);

        Assert.Contains("has had no canary or A/B test", answer.Error, StringComparison.Ordinal);
    }
}
