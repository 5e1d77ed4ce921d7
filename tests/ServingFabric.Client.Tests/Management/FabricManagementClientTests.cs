using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServingFabric.Client;
using ServingFabric.Client.Tests.Http;
using ServingFabric.Contracts.Models;
using ServingFabric.Contracts.Traffic;

namespace ServingFabric.Client.Tests.Management;

/// <summary>The HTTP management client's requests, its refusals and its registration (the gateway side is tested in Gateway.Tests).</summary>
public class FabricManagementClientTests
{
    private static HttpFabricManagementClient Client(FakeHandler handler, string baseAddress = "http://gw:8080/prefix") =>
        new(new HttpClient(handler), new FabricManagementClientOptions { BaseAddress = new Uri(baseAddress), AdminApiKey = "k3y", Actor = "alice" });

    private static Task<HttpResponseMessage> Answer(HttpStatusCode status, string json) =>
        Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    [Fact]
    public async Task UpdateModelAsync_StopMirroring_SendsSnakeCaseBodyWithNullMirrorAndKeyAndActor()
    {
        var handler = new FakeHandler((_, _) => Answer(HttpStatusCode.BadRequest, """{"error": "request body changes nothing"}"""));
        var client = Client(handler);

        await Assert.ThrowsAsync<FabricManagementException>(() =>
            client.UpdateModelAsync("iris", new UpdateModelRequest { DefaultVersion = "2", Mirror = MirrorChange.Stop }));

        var (sent, body) = handler.Seen[0];
        Assert.Equal(HttpMethod.Put, sent.Method);
        Assert.Equal("http://gw:8080/prefix/v1/models/iris", sent.RequestUri!.ToString());
        Assert.Equal("""{"default_version":"2","mirror":null}""", Encoding.UTF8.GetString(body));
        Assert.Equal("Bearer k3y", sent.Headers.Authorization!.ToString());
        Assert.Equal("alice", sent.Headers.GetValues("x-fabric-actor").Single());
    }

    [Fact]
    public async Task GetEventsAsync_ModelAndAfter_EscapesTheQuery()
    {
        var handler = new FakeHandler((_, _) => Answer(HttpStatusCode.OK, """{"events": []}"""));

        var events = await Client(handler).GetEventsAsync("a b", after: 7);

        Assert.Empty(events.Events);
        Assert.Equal("http://gw:8080/prefix/v1/events?after=7&model=a%20b", handler.Seen[0].Request.RequestUri!.AbsoluteUri);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, """{"error": "a canary of version 2 is running"}""", "a canary of version 2 is running")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "The gateway answered HTTP 502 Bad Gateway without an error message.")]
    public async Task Refusal_StatusAndBody_ThrowsWithStatusAndServerMessage(HttpStatusCode status, string body, string message)
    {
        var client = Client(new FakeHandler((_, _) => Answer(status, body)));

        var refused = await Assert.ThrowsAsync<FabricManagementException>(() => client.PromoteAsync("iris", "ship it"));

        Assert.Equal(status, refused.StatusCode);
        Assert.Equal(message, refused.Message);
    }

    [Fact]
    public void AddFabricManagementClient_Configured_ResolvesTheHttpClient()
    {
        var services = new ServiceCollection();
        services.AddFabricManagementClient(o => o.BaseAddress = new Uri("http://localhost:8080/"));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<HttpFabricManagementClient>(provider.GetRequiredService<IFabricManagementClient>());
    }

    [Fact]
    public void AddFabricManagementClient_NoBaseAddressAndBadActor_FailsValidationNamingBoth()
    {
        var services = new ServiceCollection();
        services.AddFabricManagementClient(o => o.Actor = "bob smith");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FabricManagementClientOptions>>().Value);

        Assert.Contains("FabricManagementClientOptions.BaseAddress is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("FabricManagementClientOptions.Actor 'bob smith'", error.Message, StringComparison.Ordinal);
    }
}
