using System.Net;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>
/// Hostile or confused management bodies (deep nesting, huge numbers, duplicates, nulls, wrong types) are 400s naming
/// the field, never 500s, and change nothing.
/// </summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class ManagementHostileBodyTests(ManagementGatewayFixture fixture)
{
    private const string Sha = "0000000000000000000000000000000000000000000000000000000000000000";

    [Theory]
    [InlineData("""{"min_replicas": 1e400}""", "field 'min_replicas' is 1e400; expected a whole number from 1 to 1000")]
    [InlineData("""{"target_p95_latency_ms": 1e400}""", "field 'target_p95_latency_ms' is 1e400; expected milliseconds above 0")]
    [InlineData("""{"max_concurrency": 99999999999999999999999}""", "field 'max_concurrency' is 99999999999999999999999; expected a whole number")]
    [InlineData("""{"max_queue_length": -0.5}""", "field 'max_queue_length' is -0.5")]
    [InlineData("""{"max_cpu_percent": "NaN"}""", "field 'max_cpu_percent' is the string \"NaN\"")]
    [InlineData("""{"max_cpu_percent": NaN}""", "request body is not valid JSON")]
    [InlineData("""{"min_replicas": 2, "min_replicas": 3}""", "field 'min_replicas' appears twice")]
    public Task Scaling_HostileBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Put, "/v1/models/scaling-m/scaling", body, expected);

    [Theory]
    [InlineData("""{"weights": "all"}""", "field 'weights' is the string \"all\"; expected an array of {\"version\", \"percent\"}")]
    [InlineData("""{"weights": [[[1]]]}""", "field 'weights[0]' is an array")]
    [InlineData("""{"weights": [null]}""", "field 'weights[0]' is null")]
    [InlineData("""{"mirror": 5}""", "field 'mirror' is 5")]
    [InlineData("""{"mirror": {"version": "2", "version": "3", "percent": 5}}""", "field 'mirror.version' appears twice")]
    [InlineData("""{"mirror": {"version": "2", "percent": 5, "colour": "red"}}""", "field 'mirror.colour' is not a known field; expected only version, percent")]
    [InlineData("""{"default_version": null, "weights": null}""", "request body changes nothing")]
    public Task PutModel_HostileBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Put, "/v1/models/traffic-m", body, expected);

    [Fact]
    public async Task PutModel_DeeplyNested_Returns400()
    {
        var body = """{"weights": """ + new string('[', 5000) + new string(']', 5000) + "}";

        await ExpectBadRequestAsync(HttpMethod.Put, "/v1/models/traffic-m", body, "request body is not valid JSON");
    }

    [Theory]
    [InlineData("""{"version": "2", "steps": [10, null]}""", "field 'steps[1]' is null; expected percentages strictly increasing")]
    [InlineData("""{"version": "2", "steps": [10, 1e400]}""", "field 'steps[1]' is 1e400")]
    [InlineData("""{"version": ["2"]}""", "field 'version' is an array; expected a version name")]
    [InlineData("""{"version": null}""", "field 'version' is missing; expected a version name")]
    public Task Canary_HostileBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Post, "/v1/models/canary-m/canary", body, expected);

    [Theory]
    [InlineData("""{"treatment": "2", "metric": 1}""", "field 'metric' is 1; expected \"reward\"")]
    [InlineData("""{"treatment": "2", "metric": "Reward"}""", "field 'metric' is \"Reward\"; expected \"reward\"")]
    [InlineData("""{"treatment": "2", "min_samples_per_arm": true}""", "field 'min_samples_per_arm' is true")]
    public Task AbTest_HostileBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Post, "/v1/models/ab-m/experiments", body, expected);

    [Theory]
    [InlineData($$"""{"version": null, "artifact": "/x.onnx", "sha256": "{{Sha}}"}""", "field 'version' is missing; expected a version name")]
    [InlineData($$"""{"version": "2", "artifact": {"path": "/x.onnx"}, "sha256": "{{Sha}}"}""", "field 'artifact' is an object; expected an absolute path")]
    [InlineData($$"""{"version": "2", "artifact": "/x.onnx", "sha256": "{{Sha}}", "default": null, "Version": "3"}""", "field 'Version' is not a known field")]
    public Task Register_HostileBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Post, "/v1/models/versions-m/versions", body, expected);

    [Theory]
    [InlineData("""{"id": "x", "reward": 1e400}""", "field 'reward' is 1e400; expected a finite number")]
    [InlineData("""{"id": 42, "reward": 1}""", "field 'id' is 42; expected the id of the inference request")]
    [InlineData("null", "request body is null; expected a JSON object")]
    [InlineData("\"text\"", "request body is the string \"text\"; expected a JSON object")]
    public Task Feedback_HostileBody_Returns400NamingField(string body, string expected) =>
        ExpectBadRequestAsync(HttpMethod.Post, "/v1/models/iris/feedback", body, expected);

    private async Task ExpectBadRequestAsync(HttpMethod method, string path, string body, string expected)
    {
        var answer = (await fixture.Http.SendAsync(method, path, body)).Expect(HttpStatusCode.BadRequest);

        Assert.Contains(expected, answer.Error, StringComparison.Ordinal);
    }
}
