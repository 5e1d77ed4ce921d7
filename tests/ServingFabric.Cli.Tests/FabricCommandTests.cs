using System.Net;
using System.Text;

namespace ServingFabric.Cli.Tests;

public sealed class FabricCommandTests
{
    [Fact]
    public async Task RunAsync_ModelsGet_RequestsOperatorApiAndPrintsTable()
    {
        var handler = new StubHandler(HttpStatusCode.OK, SampleModel.Json);
        var (code, output, error) = await RunAsync(handler, "models", "get", "iris", "--url", "http://gw:8080");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Equal(new Uri("http://gw:8080/v1/models/iris"), handler.RequestedUri);
        Assert.Contains("iris/1/2  S10.0.0.1:11111:1  a (wants c)", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task RunAsync_Events_PassesModelAndAfter()
    {
        var handler = new StubHandler(HttpStatusCode.OK, """{"events": []}""");
        var (code, output, _) = await RunAsync(handler, "events", "--model", "iris", "--after", "8");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Equal(new Uri("http://127.0.0.1:8080/v1/events?after=8&model=iris"), handler.RequestedUri);
        Assert.Equal("no events\n", output);
    }

    [Fact]
    public async Task RunAsync_UnknownModel_PrintsGatewayErrorAndFails()
    {
        var handler = new StubHandler(HttpStatusCode.NotFound, """{"error": "unknown model 'nope': it was never deployed"}""");
        var (code, _, error) = await RunAsync(handler, "models", "get", "nope");

        Assert.Equal(FabricCommand.Failed, code);
        Assert.Equal("fabric: /v1/models/nope answered 404: unknown model 'nope': it was never deployed\n", error);
    }

    [Fact]
    public async Task RunAsync_BadArguments_PrintsMessageAndUsageWithoutRequest()
    {
        var handler = new StubHandler(HttpStatusCode.OK, "{}");
        var (code, _, error) = await RunAsync(handler, "models", "get");

        Assert.Equal(FabricCommand.UsageError, code);
        Assert.StartsWith("fabric: 'fabric models get' needs a model name", error, StringComparison.Ordinal);
        Assert.Contains("usage:", error, StringComparison.Ordinal);
        Assert.Null(handler.RequestedUri);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(StubHandler handler, params string[] args)
    {
        using var http = new HttpClient(handler);
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = await FabricCommand.RunAsync(args, http, output, error, urlFromEnvironment: null);
        return (code, output.ToString(), error.ToString());
    }

    private sealed class StubHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public Uri? RequestedUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            RequestedUri = request.RequestUri;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
