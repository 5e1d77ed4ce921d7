using Microsoft.AspNetCore.Http;
using ServingFabric.Deployment;
using ServingFabric.Gateway.OpenInference;
using ServingFabric.Gateway.Operator;
using ServingFabric.Grains;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Management;

/// <summary>
/// The version registry: list, register (importing the artifact), set the default, retire, and roll back. Bodies:
/// register <c>{"version", "artifact", "sha256", "default", "reason"}</c>; the others an optional <c>{"reason"}</c>.
/// </summary>
internal static class VersionEndpoints
{
    private static readonly string[] RegisterFields = ["version", "artifact", "sha256", "default", "reason"];
    private static readonly string[] ReasonOnly = ["reason"];
    private const string RegisterExample = """{"version": "2", "artifact": "/models-inbox/iris-2.onnx", "sha256": "<64 hex digits>", "default": false, "reason": "retrained on March data"}""";
    private const string ReasonExample = """{"reason": "why, for the event log"}""";

    /// <summary><c>GET /v1/models/{name}/versions</c>.</summary>
    public static async Task ListAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OperatorJson.WriteVersions(name, await router.GetVersions()));
    }

    /// <summary><c>POST /v1/models/{name}/versions</c>: import the artifact (SHA-256 verified while copying), then register it.</summary>
    public static async Task RegisterAsync(HttpContext context, string name, IGrainFactory grains, IModelArtifactImporter importer)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, RegisterFields, RegisterExample);
        var version = body.RequiredVersion("version");
        var artifact = body.RequiredString("artifact", "an absolute path on the gateway silo or a file:// URI");
        var sha256 = body.RequiredString("sha256", "the artifact's SHA-256 as 64 hexadecimal digits (sha256sum prints it)");
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw body.Fail("sha256", $"is \"{sha256}\" ({sha256.Length} characters)", "64 hexadecimal digits, as sha256sum prints them");
        }

        var makeDefault = body.Bool("default") ?? false;
        var author = ManagedModels.Author(context, body.Reason());
        await importer.ImportAsync(name, version, artifact, sha256, context.RequestAborted);
        var registered = await router.RegisterVersion(new VersionRegistration(version, artifact, sha256.ToLowerInvariant(), makeDefault), author);
        context.Response.Headers.Location = $"/v1/models/{name}/versions/{version}";
        await JsonResults.WriteAsync(context, StatusCodes.Status201Created, OperatorJson.WriteVersion(name, registered));
    }

    /// <summary><c>POST /v1/models/{name}/versions/{version}/default</c>.</summary>
    public static async Task SetDefaultAsync(HttpContext context, string name, string version, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        ManagedModels.EnsureVersionName(name, version);
        var body = await ManagementBody.ReadAsync(context.Request, ReasonOnly, ReasonExample, required: false);
        await router.SetDefaultVersion(version, ManagedModels.Author(context, body.Reason()));
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OperatorJson.WriteVersions(name, await router.GetVersions()));
    }

    /// <summary><c>POST /v1/models/{name}/versions/{version}/retire</c> and <c>DELETE /v1/models/{name}/versions/{version}</c>.</summary>
    public static async Task RetireAsync(HttpContext context, string name, string version, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        ManagedModels.EnsureVersionName(name, version);
        var body = await ManagementBody.ReadAsync(context.Request, ReasonOnly, ReasonExample, required: false);
        await router.RetireVersion(version, ManagedModels.Author(context, ManagedModels.ReasonOf(context, body)));
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OperatorJson.WriteVersions(name, await router.GetVersions()));
    }

    /// <summary>
    /// <c>POST /v1/models/{name}/rollback</c>: while a canary or A/B test is in progress (running, paused or frozen) it
    /// is aborted, which returns all traffic to the stable version; otherwise the default version goes back to the
    /// previous default (409 when there is none). One verb, because "roll back" means "undo the latest change".
    /// </summary>
    public static async Task RollbackAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, ReasonOnly, ReasonExample, required: false);
        var author = ManagedModels.Author(context, body.Reason());
        if (await router.GetExperiment() is { } running && ReleaseStatuses.IsActive(running.Status))
        {
            var aborted = await router.AbortRelease(author);
            await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OperatorJson.WriteExperiment(name, aborted));
            return;
        }

        var restored = await router.RollbackDefault(author);
        await JsonResults.WriteAsync(context, StatusCodes.Status200OK, OperatorJson.WriteDefaultRollback(name, restored, await router.GetVersions()));
    }
}
