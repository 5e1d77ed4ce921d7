using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ServingFabric.Gateway.Errors;
using ServingFabric.Gateway.OpenInference;

namespace ServingFabric.Gateway.Tests.OpenInference;

/// <summary>
/// The fabric's bounded request headers and the request id over real HTTP against a whole silo: a refused header is a
/// 400 in the protocol's error shape, and every answer, error or not, carries <c>x-request-id</c>.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class InferHeaderBoundsHttpTests(GatewayFixture fixture)
{
    private const string InferPath = "/v2/models/iris/infer";
    private const string InferBody = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";

    [Fact]
    public async Task Infer_RoutingKeyOfTheLimit_Served()
    {
        using var response = await InferAsync((InferRequestHeaders.RoutingKeyHeader, new string('k', InferRequestHeaders.MaxRoutingKeyBytes)));

        await AssertServedAsync(response);
    }

    [Fact]
    public async Task Infer_RoutingKeyOneByteOverTheLimit_400InTheProtocolShape()
    {
        using var response = await InferAsync((InferRequestHeaders.RoutingKeyHeader, new string('k', InferRequestHeaders.MaxRoutingKeyBytes + 1)));

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("x-fabric-routing-key is 257 bytes; the limit is 256", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_RoutingKeyOnTwoHeaderLines_400AskingForOne()
    {
        // HttpClient joins repeated values into one line, so the two lines are written on a socket of our own.
        var address = fixture.Http.BaseAddress!;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        var request = $"POST {InferPath} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\n" +
            $"{InferRequestHeaders.RoutingKeyHeader}: a\r\n{InferRequestHeaders.RoutingKeyHeader}: b\r\n" +
            $"Content-Length: {Encoding.UTF8.GetByteCount(InferBody)}\r\nConnection: close\r\n\r\n{InferBody}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));

        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400 ", answer, StringComparison.Ordinal);
        Assert.Contains($"{RequestIds.Header}: ", answer, StringComparison.OrdinalIgnoreCase);
        var body = answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        using var json = JsonDocument.Parse(body);
        Assert.Equal("header x-fabric-routing-key appears 2 times; send it once", json.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("86400000000")]
    [InlineData("9223372036854775807")]
    public async Task Infer_HugeTimeout_ServedWithTheTimeoutClamped(string milliseconds)
    {
        using var response = await InferAsync((InferRequestHeaders.TimeoutHeader, milliseconds));

        await AssertServedAsync(response);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("abc")]
    public async Task Infer_TimeoutNotPositive_400NamingTheHeader(string milliseconds)
    {
        using var response = await InferAsync((InferRequestHeaders.TimeoutHeader, milliseconds));

        var error = await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains($"header x-fabric-timeout-ms '{milliseconds}' is not a positive number of milliseconds", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v2/models/nosuch", null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/v2/no/such/route", null, HttpStatusCode.NotFound)]
    [InlineData("POST", "/v2/models/nosuch/infer", """{"inputs":[]}""", HttpStatusCode.NotFound)]
    [InlineData("POST", InferPath, """{"inputs":[{"name":"input",""", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/v1/models/nosuch", null, HttpStatusCode.NotFound)]
    public async Task Request_Refused_CarriesARequestId(string method, string path, string? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await fixture.Http.SendAsync(request);

        await AssertErrorAsync(response, expected);
    }

    [Fact]
    public async Task Infer_RefusedWithClientsId_EchoesIt()
    {
        using var response = await InferAsync((RequestIds.Header, "trace-me.1"), (InferRequestHeaders.TimeoutHeader, "abc"));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("trace-me.1", Assert.Single(response.Headers.GetValues(RequestIds.Header)));
    }

    [Fact]
    public async Task Infer_ServedWithClientsId_EchoesIt()
    {
        using var response = await InferAsync((RequestIds.Header, "client_req-7"));

        await AssertServedAsync(response);
        Assert.Equal("client_req-7", Assert.Single(response.Headers.GetValues(RequestIds.Header)));
    }

    private async Task<HttpResponseMessage> InferAsync(params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, InferPath) { Content = new StringContent(InferBody, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await fixture.Http.SendAsync(request);
    }

    private static async Task AssertServedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        Assert.Equal("iris", json.RootElement.GetProperty("model_name").GetString());
        Assert.False(string.IsNullOrEmpty(Assert.Single(response.Headers.GetValues(RequestIds.Header))));
    }

    /// <summary>Asserts the status, the <c>{"error": "..."}</c> shape and the request id header; returns the message.</summary>
    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        var property = Assert.Single(json.RootElement.EnumerateObject());
        Assert.Equal("error", property.Name);
        Assert.False(string.IsNullOrEmpty(Assert.Single(response.Headers.GetValues(RequestIds.Header))));
        return property.Value.GetString()!;
    }
}
