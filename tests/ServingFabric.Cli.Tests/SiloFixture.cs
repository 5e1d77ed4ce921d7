using Microsoft.AspNetCore.Builder;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Cli.Tests;

/// <summary>
/// A whole silo in this process (Orleans and the gateway) on free loopback ports, serving the sample model it writes
/// into an empty repository, for fabric to talk to over real HTTP.
/// </summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "sf-cli-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    /// <summary>The silo's model repository (the sample iris is iris/1/model.onnx; .inbox/ is an import root).</summary>
    public string Repository => _repository;

    /// <summary>The gateway's address, for --gateway.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The gateway's gRPC listener, for --grpc-url.</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (_app, Address) = await InProcessSilo.StartAsync(_repository, "--ServingFabric:Gateway:GrpcUrl=http://127.0.0.1:0");
        GrpcAddress = InProcessSilo.GrpcAddressOf(_app);
        await WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(_repository))
        {
            Directory.Delete(_repository, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await http.GetAsync("/v2/health/ready", timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
