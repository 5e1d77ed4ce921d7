using Microsoft.AspNetCore.Builder;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Compliance.Tests.Verification;

/// <summary>The embedded default: one whole silo in this process on free loopback ports, serving the sample iris it seeds.</summary>
public sealed class EmbeddedSiloFixture : IAsyncLifetime
{
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "sf-compliance-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (_app, Address) = await InProcessSilo.StartAsync(_repository);
        await InProcessSilo.WaitUntilReadyAsync(Address, TimeSpan.FromSeconds(60));
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
}
