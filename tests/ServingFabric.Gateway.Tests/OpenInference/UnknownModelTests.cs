using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace ServingFabric.Gateway.Tests.OpenInference;

/// <summary>
/// Requests naming models the catalog does not know are answered 404 in the Open Inference error shape before any
/// grain is called: however many names an attacker makes up, no grain is activated and no metric series is added.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class UnknownModelTests(GatewayFixture fixture)
{
    private const string InferBody = """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}""";

    [Fact]
    public async Task Requests_ThousandUnknownModelNames_404AndNeitherActivationsNorMetricSeriesAdded()
    {
        // Once each first: the HTTP server's own metrics get their series for these routes' 404s.
        for (var i = 0; i < Endpoints; i++)
        {
            await ExpectUnknownAsync($"warm-up-{i}", i);
        }

        var labelsBefore = ModelLabels(await MetricSeriesAsync());

        for (var i = 0; i < 1_000; i++)
        {
            await ExpectUnknownAsync($"made-up-{i}", i);
        }

        // Other tests of the collection create and delete their own models meanwhile, so the catalog at the end is not
        // a bound on the labels; what must hold is that no made-up name labels a series, and the requests added none.
        var seriesAfter = await MetricSeriesAsync();
        Assert.DoesNotContain(seriesAfter, s => s.Contains("made-up-", StringComparison.Ordinal) || s.Contains("warm-up-", StringComparison.Ordinal));
        Assert.DoesNotContain(ModelLabels(seriesAfter).Except(labelsBefore), label => label.StartsWith("made-up-", StringComparison.Ordinal));
        var activations = await ActivationsAsync();
        Assert.DoesNotContain(activations, a => a.GrainId.Key.ToString()!.Contains("made-up-", StringComparison.Ordinal)
            || a.GrainId.Key.ToString()!.Contains("warm-up-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unload_UnknownModelName_404AndNoGrainActivated()
    {
        using var response = await fixture.Http.PostAsync("/v2/repository/models/made-up-unload/unload", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("unknown model 'made-up-unload'", error.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await ActivationsAsync(), a => a.GrainId.Key.ToString()!.Contains("made-up-unload", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Infer_KnownModel_StillServed()
    {
        using var response = await fixture.Http.PostAsync("/v2/models/iris/infer", new StringContent(InferBody, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private const int Endpoints = 6;

    private async Task ExpectUnknownAsync(string name, int endpoint)
    {
        using var response = (endpoint % Endpoints) switch
        {
            0 => await fixture.Http.PostAsync($"/v2/models/{name}/infer", new StringContent(InferBody, Encoding.UTF8, "application/json")),
            1 => await fixture.Http.GetAsync($"/v2/models/{name}"),
            2 => await fixture.Http.GetAsync($"/v2/models/{name}/versions/1/ready"),
            3 => await fixture.Http.GetAsync($"/v1/models/{name}/versions"),
            4 => await fixture.Http.PostAsync($"/v1/models/{name}/feedback", new StringContent("""{"id": "x", "reward": 1}""", Encoding.UTF8, "application/json")),
            _ => await fixture.Http.GetAsync($"/v1/models/{name}"),
        };

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = error.RootElement.GetProperty("error").GetString();
        Assert.Contains($"unknown model '{name}'", message, StringComparison.Ordinal);
        Assert.Contains("POST /v2/repository/index lists the models", message, StringComparison.Ordinal);
    }

    private static HashSet<string> ModelLabels(IEnumerable<string> series) =>
        [.. series.Select(s => System.Text.RegularExpressions.Regex.Match(s, "[{,]model=\"([^\"]*)\"")).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    // A series is a sample line's name and labels; its value changes with every request and is left out.
    private async Task<List<string>> MetricSeriesAsync()
    {
        var text = await fixture.Http.GetStringAsync("/metrics");
        return [.. text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..(line.LastIndexOf('}') is >= 0 and var end ? end + 1 : line.IndexOf(' '))])];
    }

    private async Task<List<DetailedGrainStatistic>> ActivationsAsync() =>
        [.. await fixture.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics()];
}
