using System.Net;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.Auth;

/// <summary>
/// X-Forwarded-For is honoured from a configured proxy only (here the test client, from 127.0.0.1); from anyone else
/// it is ignored (<see cref="LoopbackManagementTests.ForwardedFor_FromAClientThatIsNoKnownProxy_IsIgnored"/>).
/// </summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private readonly string _repository = Path.Combine(Path.GetTempPath(), "sf-forwarded-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ForwardedFor_FromAKnownProxy_IsTheRemoteAddress()
    {
        Directory.CreateDirectory(_repository);
        var (app, address) = await InProcessSilo.StartAsync(_repository, "--ServingFabric:Gateway:Auth:KnownProxies:0=127.0.0.1");
        try
        {
            using var http = new HttpClient { BaseAddress = address };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2");
            request.Headers.Add("X-Forwarded-For", "10.1.2.3");

            using var response = await http.SendAsync(request);

            // The proxy's client is 10.1.2.3, not loopback: without authentication configured it is refused.
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("this request came from 10.1.2.3", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public void Dispose() => Directory.Delete(_repository, recursive: true);
}
