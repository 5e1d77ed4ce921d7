namespace ServingFabric.EndToEnd.Tests;

/// <summary>One embedded-default silo process shared by the tests that only read from it.</summary>
public sealed class EmbeddedSiloFixture : IAsyncLifetime
{
    internal SiloProcess Silo { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>From process start to /v2/health/ready answering 200.</summary>
    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        Silo = SiloProcess.Start();
        Http.BaseAddress = Silo.BaseAddress;
        StartupTime = await Silo.WaitUntilReadyAsync(Http, TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Silo.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedSiloCollection : ICollectionFixture<EmbeddedSiloFixture>
{
    public const string Name = "embedded silo";
}
