using System.Net;
using System.Text;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>SIGTERM: readiness turns false first, requests are still served during the drain, then the silo exits cleanly.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Sigterm_DuringDrain_TurnsUnreadyServesRequestsAndExitsZero()
    {
        await using var silo = SiloProcess.Start("--ServingFabric:Gateway:DrainDelay=00:00:05");
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await silo.WaitUntilReadyAsync(http, TimeSpan.FromSeconds(120));

        var exited = silo.TerminateAsync(TimeSpan.FromSeconds(60));
        await WaitForStatusAsync(http, "/v2/health/ready", HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5));

        const string body = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/v2/models/iris/infer", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v2/health/live")).StatusCode);

        Assert.Equal(0, await exited);
        Assert.Contains("Shutdown requested", silo.Output, StringComparison.Ordinal);
    }

    private static async Task WaitForStatusAsync(HttpClient http, string path, HttpStatusCode wanted, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            using var response = await http.GetAsync(path, timeout.Token);
            if (response.StatusCode == wanted)
            {
                return;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
