using Microsoft.AspNetCore.Builder;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests;

/// <summary>
/// A whole silo in this process (Orleans, gateway, telemetry) on free loopback ports, serving the sample model,
/// queried over real HTTP.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>The sample iris model again, marked deterministic.</summary>
    public const string CachedModel = "iris-cached";

    private readonly string _repository = Path.Combine(Path.GetTempPath(), "sf-gateway-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The gRPC listener (h2c on loopback).</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The running silo's services.</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The gateway has not started.");

    public async Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(_repository);
        WriteDeterministicCopy(SampleModels.IrisModelName, CachedModel);
        (_app, var address) = await InProcessSilo.StartAsync(
            _repository, $"--ServingFabric:Gateway:MaxRequestBodyBytes={MaxBodyBytes}", "--ServingFabric:Gateway:GrpcUrl=http://127.0.0.1:0");
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        GrpcAddress = InProcessSilo.GrpcAddressOf(_app);
        await InProcessSilo.WaitUntilReadyAsync(address, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_repository, recursive: true);
    }

    // The sample model under another name, marked deterministic: its repeated requests are answered from the cache.
    private void WriteDeterministicCopy(string model, string copy)
    {
        var source = Path.Combine(_repository, model);
        var target = Path.Combine(_repository, copy);
        Directory.CreateDirectory(Path.Combine(target, "1"));
        File.Copy(Path.Combine(source, "1", FileSystemModelRepository.ArtifactFileName), Path.Combine(target, "1", FileSystemModelRepository.ArtifactFileName));
        var config = ModelConfigJson.Read(Path.Combine(source, FileSystemModelRepository.ConfigFileName)) with { Deterministic = true };
        ModelConfigJson.Write(Path.Combine(target, FileSystemModelRepository.ConfigFileName), config);
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
