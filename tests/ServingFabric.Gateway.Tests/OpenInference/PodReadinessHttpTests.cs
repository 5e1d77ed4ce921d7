using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ServingFabric.Health;
using ServingFabric.Hosting;
using ServingFabric.Models;
using ServingFabric.Runtime.Repository;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.OpenInference;

/// <summary>
/// Pod readiness against a repository holding iris and a model whose artifact fails its SHA-256 check: the pod stays
/// ready (the broken model is reported by its own readiness), unless strict readiness is asked for; draining is not ready.
/// </summary>
public sealed class PodReadinessHttpTests : IAsyncLifetime
{
    private const string Broken = "broken";
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "sf-readiness-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(_repository);
        // The sample model under another name, with config.json declaring a SHA-256 its artifact does not have.
        SampleModelCopies.Write(_repository, Broken, config => config with
        {
            Versions = new Dictionary<string, ModelVersionConfig> { ["1"] = new(new string('0', 64)) },
        });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_repository, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ready_ModelFailingItsDigestBesideIris_PodReadyAndOnlyThatModelNotReady()
    {
        var (app, http) = await StartAsync();
        await using var _ = app;
        using var __ = http;

        await WaitForStartupAsync(app);
        using var ready = await http.GetAsync("/v2/health/ready");
        using var brokenReady = await http.GetAsync($"/v2/models/{Broken}/ready");
        using var irisReady = await http.GetAsync($"/v2/models/{SampleModels.IrisModelName}/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, brokenReady.StatusCode);
        Assert.Contains("SHA-256", await ErrorOf(brokenReady), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, irisReady.StatusCode);
    }

    [Fact]
    public async Task Ready_Draining_503NamingTheDrainingCondition()
    {
        var (app, http) = await StartAsync();
        await using var _ = app;
        using var __ = http;
        await WaitForStartupAsync(app);

        app.Services.GetRequiredService<SiloServingState>().BeginDrain();
        using var ready = await http.GetAsync("/v2/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.StartsWith($"server not ready: condition '{ReadinessConditions.Draining}' fails", await ErrorOf(ready), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_StrictReadinessWithModelFailingItsDigest_503NamingTheModel()
    {
        var (app, http) = await StartAsync("--ServingFabric:Gateway:StrictReadiness=true");
        await using var _ = app;
        using var __ = http;

        await WaitForStartupAsync(app);
        using var ready = await http.GetAsync("/v2/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var error = await ErrorOf(ready);
        Assert.StartsWith($"server not ready: condition '{ReadinessConditions.Strict}' fails: model '{Broken}' version '1' is not ready", error, StringComparison.Ordinal);
    }

    private async Task<(WebApplication App, HttpClient Http)> StartAsync(params string[] settings)
    {
        var (app, address) = await InProcessSilo.StartAsync(_repository, ["--ServingFabric:ModelRepository:SeedSampleModel=false", .. settings]);
        return (app, new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) });
    }

    // Start-up completes once every model of the repository was tried, the broken one included: the event the
    // assertions need, awaited on the silo's own state rather than on the endpoint under test.
    private static async Task WaitForStartupAsync(WebApplication app)
    {
        var state = app.Services.GetRequiredService<ISiloReadiness>();
        var pod = app.Services.GetRequiredService<IPodReadiness>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (!state.IsStartupComplete || pod.Check(TimeSpan.FromMinutes(2)) is not null)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("error").GetString()!;
    }
}
