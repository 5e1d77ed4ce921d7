using System.Diagnostics;
using System.Net;
using System.Text;

namespace ServingFabric.Gateway.Tests.Tracing;

/// <summary>
/// Traces over HTTP: a caller's W3C <c>traceparent</c> is continued, returned on the answer (errors too), and the
/// request's spans from gateway to engine reach an OTLP collector under the caller's trace id.
/// </summary>
public sealed class OtlpTracingHttpTests(OtlpSiloFixture fixture) : IClassFixture<OtlpSiloFixture>
{
    private const string IrisBody = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";

    [Fact]
    public async Task Infer_CallersTraceparent_ReturnedAndEverySpanExportedUnderItsTraceId()
    {
        var trace = ActivityTraceId.CreateRandom();
        using var response = await PostAsync("/v2/models/iris/infer", IrisBody, trace);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith($"00-{trace.ToHexString()}-", Assert.Single(response.Headers.GetValues("traceparent")), StringComparison.Ordinal);

        // OTLP carries the trace id as its 16 raw bytes and span names as UTF-8.
        var exports = await fixture.Receiver.WaitForAsync(TimeSpan.FromSeconds(30),
            TraceIdBytes(trace), Utf8("oip infer"), Utf8("front infer"), Utf8("replica call"), Utf8("replica infer"),
            Utf8("batch queue"), Utf8("engine run"), Utf8("servingfabric-otlp-test"));
        Assert.All(exports, e => Assert.Equal("application/x-protobuf", e.ContentType));
    }

    [Fact]
    public async Task Infer_BadInputWithTraceparent_ErrorAnswerCarriesTheCallersTrace()
    {
        var trace = ActivityTraceId.CreateRandom();
        using var response = await PostAsync("/v2/models/iris/infer", """{"inputs":[{"name":"input","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}""", trace);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith($"00-{trace.ToHexString()}-", Assert.Single(response.Headers.GetValues("traceparent")), StringComparison.Ordinal);
        await fixture.Receiver.WaitForAsync(TimeSpan.FromSeconds(30), TraceIdBytes(trace), Utf8("invalid_input"));
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json, ActivityTraceId trace)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return await fixture.Http.SendAsync(request);
    }

    private static byte[] TraceIdBytes(ActivityTraceId trace)
    {
        var bytes = new byte[16];
        trace.CopyTo(bytes);
        return bytes;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
