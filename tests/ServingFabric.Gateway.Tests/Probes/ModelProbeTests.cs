using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using ServingFabric.Samples;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Probes;

/// <summary>
/// The synthetic canary on a whole silo probing every 250 ms, with no user traffic: iris's probe (one flower, from the
/// sample repository) counts in the model's probe view and the probe metric and never in the users' availability; a model
/// whose probe names an input the model does not have is measured as failing; a model without one is not probed.
/// </summary>
public sealed class ModelProbeTests : IAsyncLifetime
{
    private const string Misprobed = "misprobed";
    private const string Unprobed = "unprobed";
    private const int Rounds = 3;
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "sf-probes-" + Guid.NewGuid().ToString("N"));
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        SampleModels.WriteSampleRepository(_repository);
        SampleModelCopies.Write(_repository, Misprobed, config => config with { Probe = """{"inputs":[{"name":"petals","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""" });
        SampleModelCopies.Write(_repository, Unprobed, config => config with { Probe = null });
        (_app, var address) = await InProcessSilo.StartAsync(_repository, "--ServingFabric:Gateway:ProbeInterval=00:00:00.250", "--ServingFabric:Gateway:ProbeTimeout=00:00:00.250");
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        await InProcessSilo.WaitUntilReadyAsync(address, TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_repository, recursive: true);
    }

    [Fact]
    public async Task Probe_SampleModelWithoutTraffic_CountsGoodProbesOnlyInTheProbeView()
    {
        // Good probes, not all of them: on a loaded machine one may take longer than the 250 ms probe timeout.
        var model = await WaitForProbesAsync(SampleModels.IrisModelName, "good");
        var users = FiveMinutes(model.GetProperty("availability"));

        Assert.Equal(0, users.GetProperty("valid").GetInt64());
        var metrics = await _http.GetStringAsync("/metrics");
        Assert.Matches("""servingfabric_probe_requests_total\{[^}]*model="iris"[^}]*outcome="success"[^}]*\} [1-9]""", metrics);
        Assert.Contains("servingfabric_probe_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_RequestTheModelRefuses_CountedAsBadProbes()
    {
        var model = await WaitForProbesAsync(Misprobed, "valid");
        var probes = FiveMinutes(model.GetProperty("probe_availability"));

        Assert.Equal(0, probes.GetProperty("good").GetInt64());
        Assert.True(probes.GetProperty("error_budget_remaining").GetDouble() < 0);
        var metrics = await _http.GetStringAsync("/metrics");
        Assert.Matches("""servingfabric_probe_requests_total\{[^}]*model="misprobed"[^}]*outcome="invalid_input"[^}]*\} [1-9]""", metrics);

        // Probes stay out of the users' request metrics (other tests' silos in this process serve iris, not this model).
        Assert.DoesNotMatch("""servingfabric_inference_requests_total\{[^}]*model="misprobed"[^}]*\}""", metrics);
    }

    [Fact]
    public async Task Probe_ModelWithoutProbeRequest_NotProbed()
    {
        await WaitForProbesAsync(SampleModels.IrisModelName, "valid");

        using var answer = await _http.GetAsync($"/v1/models/{Unprobed}");
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("probe_availability").ValueKind);
        Assert.DoesNotMatch($$"""servingfabric_probe_\w+\{[^}]*model="{{Unprobed}}"[^}]*\}""", await _http.GetStringAsync("/metrics"));
    }

    // Polls the operator view until the model's probe view counts a few (valid or good) probes: the event the assertions need.
    private async Task<JsonElement> WaitForProbesAsync(string model, string count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using (var answer = await _http.GetAsync($"/v1/models/{model}", timeout.Token))
            {
                answer.EnsureSuccessStatusCode();
                using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(timeout.Token));
                if (json.RootElement.GetProperty("probe_availability") is { ValueKind: JsonValueKind.Object } probes
                    && FiveMinutes(probes).GetProperty(count).GetInt64() >= Rounds)
                {
                    return json.RootElement.Clone();
                }
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private static JsonElement FiveMinutes(JsonElement availability) => availability.GetProperty("windows")[0];
}
