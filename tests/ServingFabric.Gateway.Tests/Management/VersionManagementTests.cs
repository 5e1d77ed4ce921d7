using System.Net;
using ServingFabric.Runtime.Repository;
using ServingFabric.Tests.Shared;
using static ServingFabric.Gateway.Tests.Management.ManagementScenario;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>Versions over the management API: import and register a real ONNX artifact, default, rollback, retire.</summary>
[Collection(ManagementGatewayCollection.Name)]
public sealed class VersionManagementTests(ManagementGatewayFixture fixture)
{
    private ManagementHttp Http => fixture.Http;

    [Fact]
    public async Task RegisterVersion_RealOnnxArtifact_ServesInferenceByVersion()
    {
        var registered = await RegisterAsync(fixture, "infer-m", "2");

        Assert.Equal("infer-m", registered.GetProperty("model").GetString());
        Assert.Equal("2", registered.GetProperty("version").GetString());
        Assert.Equal("active", registered.GetProperty("lifecycle").GetString());
        Assert.False(registered.GetProperty("is_default").GetBoolean());
        Assert.Equal(ManagementGatewayFixture.Caller, registered.GetProperty("registered_by").GetString());
        var sha = ArtifactVerifier.ComputeSha256(fixture.SampleArtifact);
        Assert.Equal(sha, registered.GetProperty("sha256").GetString());
        Assert.Equal(sha, new FileSystemModelRepository(fixture.Repository).Find("infer-m")!.Config.Versions!["2"].Sha256);

        await WaitReadyAsync(Http, "infer-m", "2");
        var answer = (await InferAsync(Http, "infer-m", "2")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal("2", answer.GetProperty("model_version").GetString());
        var rows = IrisReference.Rows(2, seed: 11);
        var labels = answer.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "label")
            .GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal([IrisReference.Compute(rows.AsSpan(0, 4)).Label, IrisReference.Compute(rows.AsSpan(4, 4)).Label], labels);
        Assert.Contains("2", Versions((await Http.GetAsync("/v1/models/infer-m/versions")).Expect(HttpStatusCode.OK).Json));
    }

    [Fact]
    public async Task RegisterVersion_WrongSha_Returns400AndLeavesNothingInRepository()
    {
        var artifact = fixture.CopyArtifactToTemp();
        var configBefore = File.ReadAllText(Path.Combine(fixture.Repository, "infer-m", "config.json"));
        try
        {
            var body = $$"""{"version": "7", "artifact": "{{artifact}}", "sha256": "{{new string('b', 64)}}"}""";

            var answer = (await Http.SendAsync(HttpMethod.Post, "/v1/models/infer-m/versions", body)).Expect(HttpStatusCode.BadRequest);

            Assert.Contains("the artifact's SHA-256 is not bbbb", answer.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(ArtifactVerifier.ComputeSha256(artifact), answer.Error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(fixture.Repository, "infer-m", "7")));
            Assert.Equal(configBefore, File.ReadAllText(Path.Combine(fixture.Repository, "infer-m", "config.json")));
        }
        finally
        {
            File.Delete(artifact);
        }
    }

    [Fact]
    public async Task Versions_DefaultRollbackRetire_ChangeRegistryAndRecordWhoAndWhy()
    {
        await RegisterAsync(fixture, "versions-m", "2");

        var afterDefault = (await Http.SendAsync(HttpMethod.Post, "/v1/models/versions-m/versions/2/default", """{"reason": "v2 is better"}""", actor: "alice"))
            .Expect(HttpStatusCode.OK).Json;
        Assert.True(Version(afterDefault, "2").GetProperty("is_default").GetBoolean());
        Assert.False(Version(afterDefault, "1").GetProperty("is_default").GetBoolean());

        var conflict = (await Http.SendAsync(HttpMethod.Post, "/v1/models/versions-m/versions/2/retire", null)).Expect(HttpStatusCode.Conflict);
        Assert.NotEmpty(conflict.Error);

        var rollback = (await Http.SendAsync(HttpMethod.Post, "/v1/models/versions-m/rollback", """{"reason": "undo"}""", actor: "bob")).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("default_rolled_back", rollback.GetProperty("action").GetString());
        Assert.Equal("1", rollback.GetProperty("default_version").GetString());

        var retired = (await Http.SendAsync(HttpMethod.Delete, "/v1/models/versions-m/versions/2?reason=done", null)).Expect(HttpStatusCode.OK).Json;
        Assert.Equal("retired", Version(retired, "2").GetProperty("lifecycle").GetString());

        var changes = await EventsAsync(Http, "versions-m", "DefaultVersionChanged");
        Assert.Contains(changes, e => e.GetProperty("actor").GetString() == ManagementGatewayFixture.Caller && e.GetProperty("message").GetString()!.Contains("declared actor: alice", StringComparison.Ordinal));
        Assert.Contains(changes, e => e.GetProperty("actor").GetString() == ManagementGatewayFixture.Caller && e.GetProperty("message").GetString()!.Contains("declared actor: bob", StringComparison.Ordinal));
        Assert.Contains(await EventsAsync(Http, "versions-m", "VersionRetired"), e => e.GetProperty("actor").GetString() == ManagementGatewayFixture.Caller);
        Assert.Contains(await EventsAsync(Http, "versions-m", "VersionRegistered"), e => e.GetProperty("actor").GetString() == ManagementGatewayFixture.Caller);
    }

    [Fact]
    public async Task SetDefault_UnknownVersion_Returns404()
    {
        var answer = await Http.SendAsync(HttpMethod.Post, "/v1/models/versions-m/versions/99/default", null);

        answer.Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetModel_Always_CarriesRegistryTrafficExperimentAndScaling()
    {
        var model = (await Http.GetAsync("/v1/models/iris")).Expect(HttpStatusCode.OK).Json;

        Assert.Equal(System.Text.Json.JsonValueKind.Array, model.GetProperty("registry").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, model.GetProperty("traffic").ValueKind);
        Assert.True(model.TryGetProperty("experiment", out _));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, model.GetProperty("scaling").ValueKind);
        Assert.All(model.GetProperty("events").EnumerateArray(), e => Assert.True(e.TryGetProperty("actor", out _)));
    }
}
