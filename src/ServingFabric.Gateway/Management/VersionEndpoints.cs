using Microsoft.AspNetCore.Http;
using ServingFabric.Contracts;
using ServingFabric.Contracts.Versions;
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
    private const string ArtifactExpected = "an absolute path on the gateway silo or a file:// URI";
    private const string Sha256Expected = "the artifact's SHA-256 as 64 hexadecimal digits (sha256sum prints it)";

    private static readonly ManagementBodySchema<RegisterVersionRequest> RegisterBody = new(
        ManagementJsonContext.Default.RegisterVersionRequest,
        """{"version": "2", "artifact": "/models-inbox/iris-2.onnx", "sha256": "<64 hex digits>", "default": false, "reason": "retrained on March data"}""",
        new Dictionary<string, string>
        {
            ["version"] = BodyMessages.VersionExpected,
            ["artifact"] = ArtifactExpected,
            ["sha256"] = Sha256Expected,
            ["default"] = "true or false",
        });

    /// <summary><c>GET /v1/models/{name}/versions</c>.</summary>
    public static async Task ListAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Versions(name, await router.GetVersions()), ManagementJsonContext.Default.VersionListResponse);
    }

    /// <summary><c>POST /v1/models/{name}/versions</c>: import the artifact (SHA-256 verified while copying), then register it.</summary>
    public static async Task RegisterAsync(HttpContext context, string name, IGrainFactory grains, IModelArtifactImporter importer)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, RegisterBody);
        var version = RegisterBody.Version("version", body.Version)!;
        var artifact = RegisterBody.NonEmpty("artifact", body.Artifact, ArtifactExpected);
        var sha256 = RegisterBody.NonEmpty("sha256", body.Sha256, Sha256Expected);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw RegisterBody.Fail("sha256", $"is \"{sha256}\" ({sha256.Length} characters)", "64 hexadecimal digits, as sha256sum prints them");
        }

        var makeDefault = body.MakeDefault ?? false;
        var optimization = body.Optimization is { } reported ? ManagementAnswers.Optimization(reported) : null;
        if (optimization?.Problem() is { } problem)
        {
            throw RegisterBody.Fail($"optimization.{problem.Field}", "is out of range", problem.Expected);
        }

        var author = ManagedModels.Author(context, RegisterBody.Reason(body.Reason));
        await importer.ImportAsync(name, version, artifact, sha256, context.RequestAborted);
        var registered = await router.RegisterVersion(new VersionRegistration(version, artifact, sha256.ToLowerInvariant(), makeDefault, optimization), author);
        context.Response.Headers.Location = $"/v1/models/{name}/versions/{version}";
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status201Created, ManagementAnswers.Version(name, registered), ManagementJsonContext.Default.VersionResponse);
    }

    /// <summary><c>POST /v1/models/{name}/versions/{version}/default</c>.</summary>
    public static async Task SetDefaultAsync(HttpContext context, string name, string version, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        ManagedModels.EnsureVersionName(name, version);
        var body = await ManagementBody.ReadAsync(context.Request, ManagedModels.ReasonBody, required: false);
        await router.SetDefaultVersion(version, ManagedModels.Author(context, ManagedModels.ReasonBody.Reason(body.Reason)));
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Versions(name, await router.GetVersions()), ManagementJsonContext.Default.VersionListResponse);
    }

    /// <summary><c>POST /v1/models/{name}/versions/{version}/retire</c> and <c>DELETE /v1/models/{name}/versions/{version}</c>.</summary>
    public static async Task RetireAsync(HttpContext context, string name, string version, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        ManagedModels.EnsureVersionName(name, version);
        var body = await ManagementBody.ReadAsync(context.Request, ManagedModels.ReasonBody, required: false);
        await router.RetireVersion(version, ManagedModels.Author(context, ManagedModels.ReasonOf(context, ManagedModels.ReasonBody.Reason(body.Reason))));
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Versions(name, await router.GetVersions()), ManagementJsonContext.Default.VersionListResponse);
    }

    /// <summary>
    /// <c>POST /v1/models/{name}/rollback</c>: while a canary or A/B test is in progress (running, paused or frozen) it
    /// is aborted, which returns all traffic to the stable version; otherwise the default version goes back to the
    /// previous default (409 when there is none). One verb, because "roll back" means "undo the latest change".
    /// </summary>
    public static async Task RollbackAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var router = await ManagedModels.RouterAsync(context, grains, name);
        var body = await ManagementBody.ReadAsync(context.Request, ManagedModels.ReasonBody, required: false);
        var author = ManagedModels.Author(context, ManagedModels.ReasonBody.Reason(body.Reason));
        if (await router.GetExperiment() is { } running && ReleaseStatuses.IsActive(running.Status))
        {
            var aborted = await router.AbortRelease(author);
            await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.Experiment(name, aborted), ManagementJsonContext.Default.ExperimentResponse);
            return;
        }

        var restored = await router.RollbackDefault(author);
        await ManagementAnswers.WriteAsync(context, StatusCodes.Status200OK, ManagementAnswers.DefaultRollback(name, restored, await router.GetVersions()), ManagementJsonContext.Default.DefaultRollbackResponse);
    }
}
