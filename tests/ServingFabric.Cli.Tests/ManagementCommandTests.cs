using System.Net;

namespace ServingFabric.Cli.Tests;

/// <summary>fabric's management commands end to end against a scripted gateway: request sent, answer printed, exit code.</summary>
public sealed class ManagementCommandTests
{
    [Fact]
    public async Task Change_WithKeyAndActor_SendsBearerActorAndJsonThenPrintsRelease()
    {
        var handler = new RecordingHandler((HttpStatusCode.Created, SampleRelease.CanaryJson()));

        var (code, output, error) = await RunAsync(handler, Environment("k-env", "alice"), "canary", "start", "iris", "2", "--steps", "10,25,50,100", "--reason", "go");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Empty(error);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("http://gw:8080/v1/models/iris/canary"), request.Uri);
        Assert.Equal("Bearer k-env", request.Authorization);
        Assert.Equal("alice", request.Actor);
        Assert.Equal("""{"version":"2","steps":[10,25,50,100],"reason":"go"}""", request.Body);
        Assert.StartsWith("canary rel-7 of model iris: running\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_Refused401WithoutKey_PrintsServerMessageAndHowToSendAKey()
    {
        var handler = new RecordingHandler((HttpStatusCode.Unauthorized, """{"error": "POST /v1/models/iris/pause changes the fabric and needs the admin key"}"""));

        var (code, _, error) = await RunAsync(handler, Environment(null, null), "pause", "iris");

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Equal("fabric: POST /v1/models/iris/pause answered 401: POST /v1/models/iris/pause changes the fabric and needs the admin key (no key was sent: set FABRIC_API_KEY_FILE to a file holding the key, or FABRIC_API_KEY, or pass --api-key-file)\n", error);
        Assert.Null(handler.Requests[0].Authorization);
    }

    [Fact]
    public async Task Change_Conflict_PrintsServerMessage()
    {
        var handler = new RecordingHandler((HttpStatusCode.Conflict, """{"error": "a canary of version 2 is running; abort or promote it first"}"""));

        var (code, _, error) = await RunAsync(handler, Environment("k", null), "canary", "start", "iris", "3");

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Equal("fabric: POST /v1/models/iris/canary answered 409: a canary of version 2 is running; abort or promote it first\n", error);
    }

    [Fact]
    public async Task VersionsList_PrintsRegistry()
    {
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.VersionsJson));

        var (code, output, _) = await RunAsync(handler, Environment(null, null), "versions", "list", "iris");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Equal(new Uri("http://gw:8080/v1/models/iris/versions"), handler.Requests[0].Uri);
        Assert.Contains("2        active     no       10 %", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_WithoutRelease_SaysTheDefaultWentBack()
    {
        var answer = $$"""{"model": "iris", "action": "default_rolled_back", "default_version": "1", "versions": {{System.Text.Json.JsonDocument.Parse(SampleRelease.VersionsJson).RootElement.GetProperty("versions").GetRawText()}}}""";
        var handler = new RecordingHandler((HttpStatusCode.OK, answer));

        var (code, output, _) = await RunAsync(handler, Environment("k", null), "rollback", "iris");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.StartsWith("model iris: no release was running, so the default version went back to 1\n\nVERSION", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_DuringRelease_SaysTheReleaseWasAborted()
    {
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.CanaryJson("RolledBack")));

        var (_, output, _) = await RunAsync(handler, Environment("k", null), "rollback", "iris");

        Assert.StartsWith("model iris: the running release was aborted; traffic is back on the control\n\ncanary rel-7", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScalingGet_PrintsSettings()
    {
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.ScalingJson));

        var (code, output, _) = await RunAsync(handler, Environment(null, null), "scaling", "get", "iris");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.StartsWith("scaling of model iris\n", output, StringComparison.Ordinal);
    }

    internal static CliEnvironment Environment(string? key, string? actor) =>
        new("http://gw:8080", key, actor, TimeProvider.System, (_, _) => Task.CompletedTask, Interactive: false);

    internal static async Task<(int Code, string Output, string Error)> RunAsync(
        RecordingHandler handler, CliEnvironment environment, params string[] args) =>
        await RunAsync(handler, environment, CancellationToken.None, args);

    internal static async Task<(int Code, string Output, string Error)> RunAsync(
        RecordingHandler handler, CliEnvironment environment, CancellationToken cancellationToken, params string[] args)
    {
        using var http = new HttpClient(handler);
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await FabricCommand.RunAsync(args, http, output, error, environment, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}
