using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServingFabric.Client;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tensors;

namespace ServingFabric.Client.Tests.Http;

internal sealed class FakeHandler(Func<HttpRequestMessage, byte[], Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    public List<(HttpRequestMessage Request, byte[] Body)> Seen { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Seen.Add((request, body));
        return await answer(request, body).WaitAsync(cancellationToken);
    }
}

public class HttpClientTests
{
    private static HttpInferenceClient Client(FakeHandler handler, bool binary = true, string baseAddress = "http://gw:8080/prefix") =>
        new(new HttpClient(handler), new ServingFabricClientOptions { BaseAddress = new Uri(baseAddress), UseBinaryTensors = binary });

    private static Task<HttpResponseMessage> Echo(HttpRequestMessage request, byte[] body)
    {
        int? headerLength = request.Headers.TryGetValues("Inference-Header-Content-Length", out var v) ? int.Parse(v.First()) : null;
        var parsed = OipRequestCodec.Read(body, headerLength, "iris", "1");
        var input = parsed.Inputs[0].ToArray<float>();
        var response = new InferenceResponse(parsed.Id, "iris", "1",
            [TensorFactory.Create("probabilities", [1, 3], [0.1f, 0.7f, 0.2f]), TensorFactory.Create("label", [1], [1L]), TensorFactory.Create("echo", [input.Length], input)]);
        var encoded = OipResponseCodec.Write(response, parsed);
        var message = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(encoded.Content) };
        if (encoded.InferenceHeaderLength is { } l)
        {
            message.Headers.Add("Inference-Header-Content-Length", l.ToString());
        }
        return Task.FromResult(message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InferAsync_RoundTrip_SendsHeadersAndDecodes(bool binary)
    {
        var handler = new FakeHandler(Echo);
        var client = Client(handler, binary);
        var request = new InferenceRequestBuilder("iris").WithVersion("1").WithId("r1").AddInput("input", [1, 4], [5.1f, 3.5f, 1.4f, 0.2f])
            .WithRoutingKey("user-7").WithTimeout(TimeSpan.FromSeconds(5)).Build();
        var response = await client.InferAsync(request);
        Assert.Equal("r1", response.Id);
        Assert.Equal([0.1f, 0.7f, 0.2f], response.GetOutput("probabilities").ToArray<float>());
        Assert.Equal([1L], response.GetOutput("label").ToArray<long>());
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], response.GetOutput("echo").ToArray<float>());
        var (sent, _) = handler.Seen[0];
        Assert.Equal("http://gw:8080/prefix/v2/models/iris/versions/1/infer", sent.RequestUri!.ToString());
        Assert.Equal(binary ? "application/octet-stream" : "application/json", sent.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(binary, sent.Headers.Contains("Inference-Header-Content-Length"));
        var ms = long.Parse(sent.Headers.GetValues("x-fabric-timeout-ms").Single());
        Assert.InRange(ms, 4000, 5000);
        Assert.Equal("user-7", sent.Headers.GetValues("x-fabric-routing-key").Single());
    }

    [Fact]
    public async Task InferAsync_429_MapsKindRetryAfterAndMessage()
    {
        var handler = new FakeHandler((_, _) =>
        {
            var r = new HttpResponseMessage((HttpStatusCode)429) { Content = new ByteArrayContent(OipErrorJson.Write("queue of iris/1 is full")) };
            r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3));
            return Task.FromResult(r);
        });
        var ex = await Assert.ThrowsAsync<InferenceException>(() => Client(handler).InferAsync(new InferenceRequestBuilder("iris").AddInput("input", [1, 4], [1f, 2f, 3f, 4f]).Build()));
        Assert.Equal(InferenceErrorKind.QueueFull, ex.Kind);
        Assert.Equal(3, ex.RetryAfterSeconds);
        Assert.Equal("queue of iris/1 is full", ex.Message);
    }

    [Theory]
    [InlineData(400, InferenceErrorKind.InvalidInput)]
    [InlineData(404, InferenceErrorKind.NotFound)]
    [InlineData(413, InferenceErrorKind.TooLarge)]
    [InlineData(503, InferenceErrorKind.Unavailable)]
    [InlineData(504, InferenceErrorKind.DeadlineExceeded)]
    [InlineData(500, InferenceErrorKind.Internal)]
    [InlineData(401, InferenceErrorKind.Unauthorized)]
    [InlineData(403, InferenceErrorKind.Forbidden)]
    [InlineData(409, InferenceErrorKind.Conflict)]
    [InlineData(418, InferenceErrorKind.Internal)]
    public async Task GetModelMetadataAsync_Error_MapsKind(int status, InferenceErrorKind kind)
    {
        var handler = new FakeHandler((_, _) => Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent("<html>proxy</html>") }));
        var ex = await Assert.ThrowsAsync<InferenceException>(() => Client(handler).GetModelMetadataAsync("iris"));
        Assert.Equal(kind, ex.Kind);
        Assert.Contains(status.ToString(), ex.Message);
    }

    [Fact]
    public async Task GetModelMetadataAsync_Versioned_EscapesAndKeepsVersion()
    {
        var handler = new FakeHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("""{"name":"a b","versions":["1","2"],"platform":"onnxruntime_onnx","inputs":[{"name":"input","datatype":"FP32","shape":[-1,4]}],"outputs":[]}"""),
        }));
        var metadata = await Client(handler, baseAddress: "http://gw:8080").GetModelMetadataAsync("a b", "2");
        Assert.Equal("2", metadata.Version);
        Assert.Equal([-1L, 4L], metadata.Inputs[0].Shape);
        Assert.Equal("http://gw:8080/v2/models/a%20b/versions/2", handler.Seen[0].Request.RequestUri!.AbsoluteUri);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(404, false)]
    [InlineData(503, false)]
    public async Task Probes_Status_MapsToBool(int status, bool expected)
    {
        var handler = new FakeHandler((_, _) => Task.FromResult(new HttpResponseMessage((HttpStatusCode)status)));
        var client = Client(handler);
        Assert.Equal(expected, await client.IsModelReadyAsync("iris", "1"));
        Assert.Equal(expected, await client.IsServerReadyAsync());
        Assert.Equal(expected, await client.IsServerLiveAsync());
        Assert.Equal(["/prefix/v2/models/iris/versions/1/ready", "/prefix/v2/health/ready", "/prefix/v2/health/live"], handler.Seen.Select(s => s.Request.RequestUri!.AbsolutePath));
    }

    [Fact]
    public async Task Probes_Unreachable_False()
    {
        var client = new HttpInferenceClient(new HttpClient(), new ServingFabricClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/") });
        Assert.False(await client.IsServerLiveAsync());
        var ex = await Assert.ThrowsAsync<InferenceException>(() => client.GetModelMetadataAsync("iris"));
        Assert.Equal(InferenceErrorKind.Unavailable, ex.Kind);
    }

    [Fact]
    public async Task InferAsync_SlowServer_DeadlineExceeded_CallerCancel_Cancelled()
    {
        var handler = new FakeHandler(async (_, _) => { await Task.Delay(TimeSpan.FromSeconds(30)); return new HttpResponseMessage(); });
        var client = Client(handler);
        var request = new InferenceRequestBuilder("iris").AddInput("input", [1, 4], [1f, 2f, 3f, 4f]).WithTimeout(TimeSpan.FromMilliseconds(200)).Build();
        var ex = await Assert.ThrowsAsync<InferenceException>(() => client.InferAsync(request));
        Assert.Equal(InferenceErrorKind.DeadlineExceeded, ex.Kind);
        using var cts = new CancellationTokenSource(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.InferAsync(request with { Deadline = null }, cts.Token));
        var past = request with { Deadline = DateTimeOffset.UtcNow.AddSeconds(-1) };
        Assert.Equal(InferenceErrorKind.DeadlineExceeded, (await Assert.ThrowsAsync<InferenceException>(() => client.InferAsync(past))).Kind);
    }

    [Fact]
    public void GetOutput_Missing_ListsOutputs()
    {
        var response = new InferenceResponse("r", "iris", "1", [TensorFactory.Create("label", [1], [1L])]);
        var ex = Assert.Throws<InferenceException>(() => response.GetOutput("probs"));
        Assert.Contains("has: label", ex.Message);
    }

    [Fact]
    public void Builder_CollectionExpressions_PickTypes()
    {
        var r = new InferenceRequestBuilder("m").AddInput("f", [2], [1f, 2f]).AddInput("d", [1], [1.0]).AddInput("i", [1], [1]).AddInput("l", [1], [1L])
            .AddInput("s", [1], ["x"]).AddInput("b", [1], [true]).RequestOutput("o").WithParameter("k", "v").WithParameter("n", 3).Build();
        Assert.Equal([TensorDataType.Fp32, TensorDataType.Fp64, TensorDataType.Int32, TensorDataType.Int64, TensorDataType.Bytes, TensorDataType.Bool], r.Inputs.Select(i => i.DataType));
        Assert.Equal("\"v\"", r.Parameters!["k"]);
        Assert.Equal("3", r.Parameters!["n"]);
        Assert.Throws<ArgumentException>(() => new InferenceRequestBuilder("m").AddInput("f", [1], [1f]).AddInput("f", [1], [1f]));
        Assert.Throws<InvalidOperationException>(() => new InferenceRequestBuilder("m").Build());
    }

    [Fact]
    public void AddServingFabricClient_Http_ResolvesHttpClient_AndValidates()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddServingFabricClient(o => o.BaseAddress = new Uri("http://gw:8080"));
        using var provider = services.BuildServiceProvider();
        Assert.IsType<HttpInferenceClient>(provider.GetRequiredService<IInferenceClient>());

        var bad = new ServiceCollection().AddLogging();
        bad.AddServingFabricClient(o => o.DefaultTimeout = TimeSpan.Zero);
        using var badProvider = bad.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptions<ServingFabricClientOptions>>().Value);
        Assert.Contains("BaseAddress is required", ex.Message);
        Assert.Contains("DefaultTimeout", ex.Message);

        var orleans = new ServiceCollection().AddLogging();
        orleans.AddServingFabricClient(o => o.Transport = ServingFabricTransport.Orleans);
        using var orleansProvider = orleans.BuildServiceProvider();
        var ex2 = Assert.Throws<OptionsValidationException>(() => orleansProvider.GetRequiredService<IOptions<ServingFabricClientOptions>>().Value);
        Assert.Contains("no IClusterClient is registered", ex2.Message);
    }
}
