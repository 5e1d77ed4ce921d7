using System.Net;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>Every management body is read strictly: each mistake is a 400 naming the field, what it was and what is expected.</summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class ManagementValidationTests(ManagementGatewayFixture fixture)
{
    private const string Sha = "0000000000000000000000000000000000000000000000000000000000000000";

    [Theory]
    [InlineData("", "request body is empty; send a JSON object such as")]
    [InlineData("[1]", "request body is an array; expected a JSON object")]
    [InlineData("{", "request body is not valid JSON")]
    [InlineData($$"""{"version": "2", "artifact": "/x.onnx", "sha256": "{{Sha}}", "colour": 1}""", "field 'colour' is not a known field; expected only version, artifact, sha256, default, optimization, reason")]
    [InlineData($$"""{"version": "2", "version": "3", "artifact": "/x.onnx", "sha256": "{{Sha}}"}""", "field 'version' appears twice")]
    [InlineData($$"""{"artifact": "/x.onnx", "sha256": "{{Sha}}"}""", "field 'version' is missing; expected a version name")]
    [InlineData($$"""{"version": 2, "artifact": "/x.onnx", "sha256": "{{Sha}}"}""", "field 'version' is 2; expected a version name")]
    [InlineData($$"""{"version": "../x", "artifact": "/x.onnx", "sha256": "{{Sha}}"}""", "field 'version' is \"../x\"; expected a version name")]
    [InlineData($$"""{"version": "2", "sha256": "{{Sha}}"}""", "field 'artifact' is missing; expected an absolute path on the gateway silo or a file:// URI")]
    [InlineData("""{"version": "2", "artifact": "/x.onnx", "sha256": "abc"}""", "field 'sha256' is \"abc\" (3 characters); expected 64 hexadecimal digits")]
    [InlineData($$"""{"version": "2", "artifact": "/x.onnx", "sha256": "{{Sha}}", "default": "yes"}""", "field 'default' is the string \"yes\"; expected true or false")]
    [InlineData($$"""{"version": "2", "artifact": "models/x.onnx", "sha256": "{{Sha}}"}""", "field 'artifact' ('models/x.onnx') is a relative path")]
    [InlineData($$"""{"version": "2", "artifact": "https://example.com/x.onnx", "sha256": "{{Sha}}"}""", "is a URI; give the artifact's absolute path")]
    [InlineData($$"""{"version": "2", "artifact": "/nonexistent/sf/x.onnx", "sha256": "{{Sha}}"}""", "('/nonexistent/sf/x.onnx') is not an importable file under the configured import roots (ServingFabric:Gateway:ArtifactImportRoots)")]
    public Task RegisterVersion_InvalidBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Post, "/v1/models/versions-m/versions", body, expected);

    [Theory]
    [InlineData("{}", "request body changes nothing; expected at least one of default_version, weights or mirror")]
    [InlineData("""{"reason": "nothing"}""", "request body changes nothing")]
    [InlineData("""{"weights": [{"version": "1", "percent": 60}, {"version": "2", "percent": 30}]}""", "field 'weights' sum to 90; expected percentages summing to 100")]
    [InlineData("""{"weights": [{"version": "1"}]}""", "field 'weights[0].percent' is missing; expected a percentage from 0 to 100")]
    [InlineData("""{"weights": [{"version": "1", "percent": 101}]}""", "field 'weights[0].percent' is 101; expected a percentage from 0 to 100")]
    [InlineData("""{"weights": {"1": 100}}""", "field 'weights' is an object; expected an array of {\"version\", \"percent\"}")]
    [InlineData("""{"weights": [{"version": "1", "percent": 50, "x": 1}]}""", "field 'weights[0].x' is not a known field; expected only version, percent")]
    [InlineData("""{"weights": [{"version": "1", "percent": 50}, {"version": "1", "percent": 50}]}""", "field 'weights[1].version' names version 1 a second time")]
    [InlineData("""{"mirror": {"version": "2", "percent": 0}}""", "field 'mirror.percent' is 0; expected a percentage above 0")]
    [InlineData("""{"mirror": {"percent": 5}}""", "field 'mirror.version' is missing")]
    [InlineData("""{"default_version": 1}""", "field 'default_version' is 1; expected a version name")]
    public Task PutModel_InvalidBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Put, "/v1/models/traffic-m", body, expected);

    [Theory]
    [InlineData("{}", "field 'version' is missing")]
    [InlineData("""{"version": "2", "steps": [50, 25]}""", "field 'steps' is [50, 25]; expected 1 to 20 percentages strictly increasing")]
    [InlineData("""{"version": "2", "steps": [100]}""", "field 'steps' is [100]")]
    [InlineData("""{"version": "2", "steps": []}""", "field 'steps' is []")]
    [InlineData("""{"version": "2", "steps": [10, "25"]}""", "field 'steps[1]' is the string \"25\"; expected percentages strictly increasing")]
    [InlineData("""{"version": "2", "steps": [0, 50]}""", "field 'steps[0]' is 0")]
    [InlineData("""{"version": "2", "hard_guard_error_rate": 5}""", "field 'hard_guard_error_rate' is 5; expected an error rate strictly between 0 and 1")]
    [InlineData("""{"version": "2", "min_requests_per_step": 1.5}""", "field 'min_requests_per_step' is 1.5; expected a whole number")]
    [InlineData("""{"version": "2", "min_step_seconds": -1}""", "field 'min_step_seconds' is -1; expected seconds from 0")]
    public Task StartCanary_InvalidBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Post, "/v1/models/canary-m/canary", body, expected);

    [Theory]
    [InlineData("""{"control": "1"}""", "field 'treatment' is missing")]
    [InlineData("""{"treatment": "2", "metric": "clicks"}""", "field 'metric' is \"clicks\"; expected \"reward\"")]
    [InlineData("""{"treatment": "2", "control": "2"}""", "field 'control' is \"2\", the same as treatment")]
    [InlineData("""{"treatment": "2", "treatment_percent": 100}""", "field 'treatment_percent' is 100; expected a percentage strictly between 0 and 100")]
    [InlineData("""{"treatment": "2", "min_samples_per_arm": 100, "max_samples_per_arm": 50}""", "field 'max_samples_per_arm' is 50; expected a whole number of at least min_samples_per_arm (100)")]
    [InlineData("""{"treatment": "2", "minimum_duration_seconds": "1h"}""", "field 'minimum_duration_seconds' is the string \"1h\"")]
    public Task StartAbTest_InvalidBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Post, "/v1/models/ab-m/experiments", body, expected);

    [Theory]
    [InlineData("""{"abort_percent": 20}""", "field 'reason' is missing; expected why faults are injected")]
    [InlineData("""{"abort_percent": 20, "abort_status": 404, "reason": "x"}""", "field 'abort_status' is 404; expected 500 or 503")]
    [InlineData("""{"reason": "x"}""", "field 'abort_percent' is missing; expected abort_percent or delay_percent above 0")]
    [InlineData("""{"delay_percent": 10, "reason": "x"}""", "field 'delay_ms' is missing; expected a delay above 0 ms")]
    [InlineData("""{"abort_percent": -5, "reason": "x"}""", "field 'abort_percent' is -5")]
    public Task PutFault_InvalidBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Put, "/v1/models/fault-m/versions/1/fault", body, expected);

    [Fact]
    public Task DeleteFault_NoReason_Returns400() =>
        ExpectBadRequestAsync(HttpMethod.Delete, "/v1/models/fault-m/versions/1/fault", null, "field 'reason' is missing; expected why faults are cleared");

    [Theory]
    [InlineData("""{"reason": "x"}""", "request body changes nothing; expected at least one setting besides reason")]
    [InlineData("""{"min_replicas": 0}""", "field 'min_replicas' is 0; expected a whole number from 1 to 1000")]
    [InlineData("""{"min_replicas": 4, "max_replicas": 2}""", "field 'max_replicas' is 2; expected a whole number from min_replicas (4) to 1000")]
    [InlineData("""{"max_cpu_percent": 150}""", "field 'max_cpu_percent' is 150")]
    [InlineData("""{"queue_timeout_seconds": "2"}""", "field 'queue_timeout_seconds' is the string \"2\"")]
    [InlineData("""{"target_p95_latency_ms": 0}""", "field 'target_p95_latency_ms' is 0")]
    [InlineData("""{"min": 2}""", "field 'min' is not a known field; expected only min_replicas, max_replicas")]
    public Task PutScaling_InvalidBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Put, "/v1/models/scaling-m/scaling", body, expected);

    [Theory]
    [InlineData("""{"id": "x"}""", "field 'reward' is missing")]
    [InlineData("""{"reward": 1}""", "field 'id' is missing")]
    [InlineData("""{"id": "x", "reward": "1"}""", "field 'reward' is the string \"1\"; expected a finite number")]
    [InlineData("""{"id": "x", "reward": 1, "extra": true}""", "field 'extra' is not a known field; expected only id, reward")]
    public Task Feedback_InvalidBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Post, "/v1/models/iris/feedback", body, expected);

    [Theory]
    [InlineData("/v1/models/canary-m/promote")]
    [InlineData("/v1/models/canary-m/abort")]
    [InlineData("/v1/models/canary-m/pause")]
    [InlineData("/v1/models/canary-m/resume")]
    [InlineData("/v1/models/versions-m/rollback")]
    [InlineData("/v1/models/versions-m/versions/1/default")]
    [InlineData("/v1/models/versions-m/versions/1/retire")]
    public Task ReasonOnlyEndpoint_UnknownField_Returns400(string path) =>
        ExpectBadRequestAsync(HttpMethod.Post, path, """{"why": "x"}""", "field 'why' is not a known field; expected only reason");

    [Fact]
    public async Task Reason_TooLong_Returns400()
    {
        var body = $$"""{"reason": "{{new string('x', 501)}}"}""";

        await ExpectBadRequestAsync(HttpMethod.Post, "/v1/models/canary-m/pause", body, "field 'reason' has 501 characters; expected at most 500");
    }

    [Theory]
    [InlineData("GET", "/v1/models/nope/versions", "unknown model 'nope'")]
    [InlineData("POST", "/v1/models/nope/canary", "unknown model 'nope'")]
    [InlineData("PUT", "/v1/models/nope/scaling", "unknown model 'nope'")]
    [InlineData("GET", "/v1/models/nope/experiment", "unknown model 'nope'")]
    [InlineData("POST", "/v1/models/iris/versions/bad%20name/default", "model 'iris' has no version 'bad name'")]
    [InlineData("GET", "/v1/models/iris/nothing", "no endpoint GET /v1/models/iris/nothing; the management API has")]
    [InlineData("PATCH", "/v1/models/iris", "no endpoint PATCH /v1/models/iris")]
    public async Task UnknownModelOrRoute_Returns404(string method, string path, string expected)
    {
        var answer = await fixture.Http.SendAsync(new HttpMethod(method), path, method == "GET" ? null : """{"version": "2"}""");

        answer.Expect(HttpStatusCode.NotFound);
        Assert.Contains(expected, answer.Error, StringComparison.Ordinal);
    }

    private async Task ExpectBadRequestAsync(HttpMethod method, string path, string? body, string expected)
    {
        var answer = (await fixture.Http.SendAsync(method, path, body)).Expect(HttpStatusCode.BadRequest);

        Assert.Contains(expected, answer.Error, StringComparison.Ordinal);
    }
}
