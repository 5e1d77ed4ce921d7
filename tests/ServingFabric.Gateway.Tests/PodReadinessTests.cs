using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests;

/// <summary>
/// Pod readiness against a repository holding the sample model and a model whose artifact fails its SHA-256 check:
/// the silo stays ready (one tampered artifact must not take every pod out of the Service) and the broken model reports
/// itself not ready; strict readiness, when asked for, makes the pod unready.
/// </summary>
public sealed class PodReadinessTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sf-readiness-" + Guid.NewGuid().ToString("N"));

    private string Repository => Path.Combine(_folder, "models");

    public Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(Repository);
        var broken = Path.Combine(Repository, "broken");
        Directory.CreateDirectory(Path.Combine(broken, "1"));
        File.Copy(Path.Combine(Repository, SampleModels.IrisModelName, "1", "model.onnx"), Path.Combine(broken, "1", "model.onnx"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository, SampleModels.IrisModelName, "config.json")))!.AsObject();
        config["versions"] = new JsonObject { ["1"] = new JsonObject { ["sha256"] = new string('0', 64) } };
        File.WriteAllText(Path.Combine(broken, "config.json"), config.ToJsonString());
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ready_OneModelFailsItsDigest_PodReadyBrokenModelNotReadyIrisServes()
    {
        var (app, http) = await StartAsync();
        await using var _ = app;
        using var __ = http;

        var pod = await WaitForStartupAsync(http);
        using var broken = await http.GetAsync("/v2/models/broken/ready");
        using var iris = await http.GetAsync($"/v2/models/{SampleModels.IrisModelName}/ready");

        Assert.Equal(HttpStatusCode.OK, pod);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, broken.StatusCode);
        Assert.Contains("broken", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, iris.StatusCode);
    }

    [Fact]
    public async Task Ready_StrictReadinessWithABrokenModel_PodNotReadyNamingTheModel()
    {
        var (app, http) = await StartAsync("--ServingFabric:Gateway:StrictReadiness=true");
        await using var _ = app;
        using var __ = http;

        var pod = await WaitForStartupAsync(http);
        using var answer = await http.GetAsync("/v2/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, pod);
        Assert.Contains("strict readiness): model 'broken'", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<(WebApplication App, HttpClient Http)> StartAsync(params string[] settings)
    {
        var (app, address) = await InProcessSilo.StartAsync(Repository, settings);
        return (app, new HttpClient { BaseAddress = address });
    }

    /// <summary>Waits until start-up is over (the answer no longer says the repository is loading); returns the status then.</summary>
    private static async Task<HttpStatusCode> WaitForStartupAsync(HttpClient http)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await http.GetAsync("/v2/health/ready", limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            if (!body.Contains("still loading", StringComparison.Ordinal))
            {
                return response.StatusCode;
            }

            await Task.Delay(50, limit.Token);
        }
    }
}
