using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace ServingFabric.Gateway.Tests.Tracing;

/// <summary>The embedded default exports no traces, yet still continues a caller's trace and names it on every answer.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TraceContextWithoutTracerTests(GatewayFixture fixture)
{
    [Theory]
    [InlineData("/v2/models/iris/infer", HttpStatusCode.OK)]
    [InlineData("/v2/models/no-such-model/infer", HttpStatusCode.NotFound)]
    public async Task Infer_TracingOffCallersTraceparent_AnswerNamesTheCallersTrace(string path, HttpStatusCode expected)
    {
        var trace = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await fixture.Http.SendAsync(request);

        Assert.Null(fixture.Services.GetService<TracerProvider>());
        Assert.Equal(expected, response.StatusCode);
        Assert.StartsWith($"00-{trace.ToHexString()}-", Assert.Single(response.Headers.GetValues("traceparent")), StringComparison.Ordinal);
    }
}
