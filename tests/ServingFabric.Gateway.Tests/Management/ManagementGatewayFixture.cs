using Microsoft.AspNetCore.Builder;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Management;

/// <summary>
/// A whole silo with an admin key configured, serving copies of the sample model under several names so that each
/// management scenario changes a model of its own and scenarios never see each other's versions or releases.
/// </summary>
public sealed class ManagementGatewayFixture : IAsyncLifetime
{
    public const string ApiKey = "test-admin-key-0123456789abcdef";

    /// <summary>The principal of <see cref="ApiKey"/> (the legacy admin key): the actor of every change the scenarios make.</summary>
    public const string Caller = "key:admin";

    /// <summary>The models in the repository, each a copy of iris (version 1, SHA-256 in config.json).</summary>
    public static readonly string[] Models = ["iris", "versions-m", "infer-m", "traffic-m", "fault-m", "canary-m", "ab-m", "scaling-m", "events-m", "feedback-m", "optimize-m"];

    public string Repository { get; } = Path.Combine(Path.GetTempPath(), "sf-management-" + Guid.NewGuid().ToString("N"));

    private WebApplication? _app;

    public ManagementHttp Http { get; private set; } = null!;

    /// <summary>The running silo's services (its grain factory calls fronts as an Orleans client would).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The gateway has not started.");

    /// <summary>The sample model's artifact, to register as further versions.</summary>
    public string SampleArtifact => Path.Combine(Repository, "iris", "1", "model.onnx");

    public async Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(Repository);
        foreach (var model in Models.Skip(1))
        {
            CopyFolder(Path.Combine(Repository, "iris"), Path.Combine(Repository, model));
        }

        (_app, var address) = await InProcessSilo.StartAsync(Repository, $"--ServingFabric:Gateway:AdminApiKey={ApiKey}",
            $"--ServingFabric:Gateway:ArtifactImportRoots:0={Path.GetTempPath()}");
        Http = new ManagementHttp(new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) }, ApiKey);
        await Http.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(Repository, recursive: true);
    }

    /// <summary>A copy of the sample artifact outside the repository, as an operator would upload it.</summary>
    public string CopyArtifactToTemp()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sf-artifact-{Guid.NewGuid():N}.onnx");
        File.Copy(SampleArtifact, path);
        return path;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ManagementGatewayCollection : ICollectionFixture<ManagementGatewayFixture>
{
    public const string Name = "management gateway";
}
