using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ServingFabric.Gateway.Tests.Fuzzing;

/// <summary>
/// The classes of hostile input that once answered 500, each as one request over real HTTP: every one is now a 400 in
/// the protocol's error shape (or, for an over-long timeout, served with the timeout cut to the maximum).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class HostileInputHttpTests(GatewayFixture fixture)
{
    private const string InferPath = "/v2/models/iris/infer";
    private const string Input = """{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}""";

    [Theory]
    [InlineData("""{"id":"\ud800","inputs":[INPUT]}""")]
    [InlineData("""{"id":"ok","inputs":[INPUT],"parameters":{"\udc00":1}}""")]
    [InlineData("""{"inputs":[{"name":"\ud800x","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""")]
    [InlineData("""{"inputs":[{"name":"s","shape":[1],"datatype":"BYTES","data":["\ud83d"]}]}""")]
    [InlineData("""{"inputs":[{"name":"input","shape":[1,4],"datatype":"\udfff","data":[5.1,3.5,1.4,0.2]}]}""")]
    public async Task Infer_LoneSurrogateInAnyString_400(string template)
    {
        using var response = await PostAsync(InferPath, Encoding.UTF8.GetBytes(template.Replace("INPUT", Input, StringComparison.Ordinal)));

        await AssertBadRequestAsync(response, "not valid Unicode");
    }

    [Theory]
    [InlineData("id")]
    [InlineData("data")]
    public async Task Infer_InvalidUtf8InAString_400(string where)
    {
        byte[] bad = [0x22, 0x61, 0xFF, 0xC3, 0x22];
        byte[] body = where == "id"
            ? [.. """{"id":"""u8, .. bad, .. ""","inputs":["""u8, .. Encoding.UTF8.GetBytes(Input), .. "]}"u8]
            : [.. """{"inputs":[{"name":"s","shape":[1],"datatype":"BYTES","data":["""u8, .. bad, .. "]}]}"u8];

        using var response = await PostAsync(InferPath, body);

        await AssertBadRequestAsync(response, "not valid Unicode");
    }

    [Fact]
    public async Task Infer_IdOverTheLimit_400()
    {
        var body = $$"""{"id":"{{new string('i', 257)}}","inputs":[{{Input}}]}""";

        using var response = await PostAsync(InferPath, Encoding.UTF8.GetBytes(body));

        await AssertBadRequestAsync(response, "\"id\" is 257 bytes; the limit is 256");
    }

    [Fact]
    public async Task Infer_TooManyParameters_400()
    {
        var parameters = string.Join(',', Enumerable.Range(0, 65).Select(i => $"\"p{i}\":1"));

        using var response = await PostAsync(InferPath, Encoding.UTF8.GetBytes($$"""{"parameters":{{{parameters}}},"inputs":[{{Input}}]}"""));

        await AssertBadRequestAsync(response, "has more than 64 entries");
    }

    [Theory]
    [InlineData("252000000000000")]
    [InlineData("9223372036854775807")]
    public async Task Infer_TimeoutBeyondTheMaximum_ServedWithTheMaximum(string timeout)
    {
        using var response = await PostAsync(InferPath, Encoding.UTF8.GetBytes($$"""{"inputs":[{{Input}}]}"""), ("x-fabric-timeout-ms", timeout));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("99999999999999999999999")]
    [InlineData("-1")]
    [InlineData("abc")]
    public async Task Infer_TimeoutNotAPositiveInt64_400(string timeout)
    {
        using var response = await PostAsync(InferPath, Encoding.UTF8.GetBytes($$"""{"inputs":[{{Input}}]}"""), ("x-fabric-timeout-ms", timeout));

        await AssertBadRequestAsync(response, "is not a positive number of milliseconds");
    }

    [Theory]
    [InlineData("80000000")]
    [InlineData("FFFFFFFFFFFFFFFF")]
    public async Task Infer_ChunkSizeOf2GiBOrMore_400(string chunkSize)
    {
        var address = fixture.Http.BaseAddress!;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {InferPath} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{chunkSize}\r\n{{\"inputs\":["));

        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 400 ", answer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", "/v1/models/iris", """{"reason":"\ud800"}""")]
    [InlineData("PUT", "/v1/models/iris/scaling", """{"\udc00":1}""")]
    [InlineData("POST", "/v2/repository/index", """{"\ud800":true}""")]
    public async Task Management_LoneSurrogate_400(string method, string path, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        using var response = await fixture.Http.SendAsync(request);

        await AssertBadRequestAsync(response, "not valid Unicode");
    }

    private Task<HttpResponseMessage> PostAsync(string path, byte[] body, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return fixture.Http.SendAsync(request);
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response, string expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        Assert.Contains(expected, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
