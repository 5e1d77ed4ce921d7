using Microsoft.AspNetCore.Builder;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Tracing;

/// <summary>A silo serving iris that exports its traces over OTLP/HTTP to an <see cref="OtlpReceiver"/>, set up by the standard OTEL_* settings.</summary>
public sealed class OtlpSiloFixture : IAsyncLifetime
{
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "sf-otlp-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;

    internal OtlpReceiver Receiver { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(_repository);
        Receiver = await OtlpReceiver.StartAsync();
        (_app, var address) = await InProcessSilo.StartAsync(
            _repository,
            "--ServingFabric:Tracing:Exporter=otlp",
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={Receiver.Endpoint.ToString().TrimEnd('/')}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=100",
            "--OTEL_SERVICE_NAME=servingfabric-otlp-test");
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        await InProcessSilo.WaitUntilReadyAsync(address, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Receiver.DisposeAsync();
        Directory.Delete(_repository, recursive: true);
    }
}
