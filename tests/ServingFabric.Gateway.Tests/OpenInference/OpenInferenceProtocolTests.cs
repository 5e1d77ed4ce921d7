using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using ServingFabric.Tests.Shared;

namespace ServingFabric.Gateway.Tests.OpenInference;

/// <summary>The Open Inference Protocol over real HTTP on loopback, written from the wire format, not our codecs.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OpenInferenceProtocolTests(GatewayFixture fixture)
{
    private HttpClient Http => fixture.Http;

    [Theory]
    [InlineData("/v2/health/live")]
    [InlineData("/v2/health/ready")]
    [InlineData("/v2/models/iris/ready")]
    [InlineData("/v2/models/iris/versions/1/ready")]
    public async Task Get_HealthAndReadiness_Returns200(string path)
    {
        using var response = await Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/v2/models/iris/ready")]
    [InlineData("/v2/models/iris/versions/1/ready")]
    public async Task GetModelReady_ReadyModel_AnswersNameAndReady(string path)
    {
        using var json = await GetJsonAsync(path);

        Assert.Equal("iris", json.RootElement.GetProperty("name").GetString());
        Assert.True(json.RootElement.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task GetServerMetadata_Always_AdvertisesExtensions()
    {
        using var json = await GetJsonAsync("/v2");

        Assert.Equal("servingfabric", json.RootElement.GetProperty("name").GetString());
        var extensions = json.RootElement.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()).ToArray();
        // Exactly what is implemented: Triton's binary tensor data and model repository (over HTTP and gRPC); not
        // statistics, shared memory, sequences, classification or logging.
        Assert.Equal(["binary_tensor_data", "model_repository"], extensions.Select(e => e ?? "(null)").ToArray());
    }

    [Theory]
    [InlineData("/v2/models/iris")]
    [InlineData("/v2/models/iris/versions/1")]
    public async Task GetModelMetadata_Iris_DescribesInputsAndOutputs(string path)
    {
        using var json = await GetJsonAsync(path);
        var root = json.RootElement;

        Assert.Equal("iris", root.GetProperty("name").GetString());
        Assert.Equal(["1"], root.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("onnxruntime_onnx", root.GetProperty("platform").GetString());
        var input = Assert.Single(root.GetProperty("inputs").EnumerateArray());
        Assert.Equal("input", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 4L], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(["probabilities", "label"], root.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("/v2/models/iris/infer", false)]
    [InlineData("/v2/models/iris/versions/1/infer", true)]
    public async Task Infer_Json_ReturnsReferenceOutputsAndEchoesId(string path, bool nested)
    {
        var rows = IrisReference.Rows(2, seed: 3);
        var data = nested
            ? $"[[{Join(rows.AsSpan(0, 4))}],[{Join(rows.AsSpan(4, 4))}]]"
            : $"[{Join(rows)}]";
        var body = $$"""{"id":"abc","parameters":{"note":"x","n":3},"inputs":[{"name":"input","shape":[2,4],"datatype":"FP32","data":{{data}}}]}""";

        using var json = await PostJsonAsync(path, body, HttpStatusCode.OK);
        var root = json.RootElement;

        Assert.Equal("abc", root.GetProperty("id").GetString());
        Assert.Equal("iris", root.GetProperty("model_name").GetString());
        Assert.Equal("1", root.GetProperty("model_version").GetString());
        var outputs = root.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal(2, outputs.Count);
        var probabilities = outputs["probabilities"].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        var labels = outputs["label"].GetProperty("data").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.Equal([2L, 3L], outputs["probabilities"].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        for (var row = 0; row < 2; row++)
        {
            var (expected, label) = IrisReference.Compute(rows.AsSpan(row * 4, 4));
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(expected[c], probabilities[(row * 3) + c], 5);
            }

            Assert.Equal(label, labels[row]);
        }
    }

    [Fact]
    public async Task Infer_RequestedOutput_ReturnsOnlyThatOutput()
    {
        var body = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}],"outputs":[{"name":"label"}]}""";

        using var json = await PostJsonAsync("/v2/models/iris/infer", body, HttpStatusCode.OK);

        var output = Assert.Single(json.RootElement.GetProperty("outputs").EnumerateArray());
        Assert.Equal("label", output.GetProperty("name").GetString());
        Assert.Equal("INT64", output.GetProperty("datatype").GetString());
    }

    [Fact]
    public async Task Infer_BinaryTensors_RoundTripsBinaryInputAndOutput()
    {
        var rows = IrisReference.Rows(1, seed: 9);
        var header = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","parameters":{"binary_data_size":16}}],"outputs":[{"name":"probabilities","parameters":{"binary_data":true}},{"name":"label","parameters":{"binary_data":false}}]}""";
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var payload = new byte[headerBytes.Length + 16];
        headerBytes.CopyTo(payload, 0);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(payload.AsSpan(headerBytes.Length + (i * 4)), rows[i]);
        }

        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", headerBytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await Http.PostAsync("/v2/models/iris/infer", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var json = JsonDocument.Parse(bytes.AsMemory(0, jsonLength));
        var outputs = json.RootElement.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(12, outputs[0].GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(outputs[0].TryGetProperty("data", out _));
        Assert.Equal(jsonLength + 12, bytes.Length);
        var (expected, label) = IrisReference.Compute(rows);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(expected[c], BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(jsonLength + (c * 4))), 5);
        }

        Assert.Equal(label, outputs[1].GetProperty("data")[0].GetInt64());
    }

    [Theory]
    [InlineData("/v2/models/nosuch/infer", """{"inputs":[]}""", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/iris/versions/9/infer", """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", HttpStatusCode.NotFound)]
    [InlineData("/v2/models/iris/infer", """{"inputs":[{"name":"input",""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/iris/infer", """{"inputs":[{"name":"input","shape":[1,4],"datatype":"INT32","data":[1,2,3,4]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/iris/infer", """{"inputs":[{"name":"input","shape":[1,5],"datatype":"FP32","data":[1,2,3,4,5]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/iris/infer", """{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/iris/infer", """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3]}]}""", HttpStatusCode.BadRequest)]
    [InlineData("/v2/models/iris/infer", """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}],"outputs":[{"name":"nope"}]}""", HttpStatusCode.BadRequest)]
    public async Task Infer_BadRequest_ReturnsErrorJsonWithStatus(string path, string body, HttpStatusCode expected)
    {
        using var json = await PostJsonAsync(path, body, expected);

        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Infer_BatchAboveMax_Returns400NamingTheLimit()
    {
        var body = $$"""{"inputs":[{"name":"input","shape":[65,4],"datatype":"FP32","data":[{{string.Join(',', Enumerable.Repeat("0.5", 65 * 4))}}]}]}""";

        using var json = await PostJsonAsync("/v2/models/iris/infer", body, HttpStatusCode.BadRequest);

        Assert.Contains("64", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_BodyOverLimit_Returns413()
    {
        // With 100-continue the 413 arrives before the body is sent (OversizedBodyConnectionTests covers a body sent
        // whole); a client of its own keeps the shared client's pooled connections out of it.
        using var http = new HttpClient { BaseAddress = Http.BaseAddress };
        using var content = new ByteArrayContent(new byte[GatewayFixture.MaxBodyBytes + 1]);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/iris/infer") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("limit", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v2/models/nosuch")]
    [InlineData("/v2/models/nosuch/ready")]
    [InlineData("/v2/models/iris/versions/9")]
    [InlineData("/v2/nothing/here")]
    public async Task Get_Unknown_Returns404ErrorJson(string path)
    {
        using var response = await Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task RepositoryIndex_Always_ListsIrisReady()
    {
        using var json = await PostJsonAsync("/v2/repository/index", "{}", HttpStatusCode.OK);

        var iris = Assert.Single(json.RootElement.EnumerateArray(), e => e.GetProperty("name").GetString() == "iris");
        Assert.Equal("1", iris.GetProperty("version").GetString());
        Assert.Equal("READY", iris.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Metrics_AfterInference_ExportsRequestCounter()
    {
        using (await PostJsonAsync("/v2/models/iris/infer", """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", HttpStatusCode.OK))
        {
        }

        // The Prometheus exporter caches a scrape briefly; poll until the counter appears.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string text;
        do
        {
            text = await Http.GetStringAsync("/metrics", timeout.Token);
        }
        while (!text.Contains("servingfabric_inference_requests", StringComparison.Ordinal) && await DelayAsync(timeout.Token));

        Assert.Contains("servingfabric_inference_requests", text, StringComparison.Ordinal);
        Assert.Contains("model=\"iris\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_Always_ExportsTheRuntimesGcThreadPoolAndJitMetrics()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string text;
        do
        {
            text = await Http.GetStringAsync("/metrics", timeout.Token);
        }
        while (!text.Contains("dotnet_jit_compiled_methods", StringComparison.Ordinal) && await DelayAsync(timeout.Token));

        Assert.Contains("dotnet_jit_compiled_methods", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_thread_pool_queue_length", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections", text, StringComparison.Ordinal);
    }

    private static async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(100, cancellationToken);
        return true;
    }

    private static string Join(ReadOnlySpan<float> values) =>
        string.Join(',', values.ToArray().Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonDocument> PostJsonAsync(string path, string body, HttpStatusCode expected)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return JsonDocument.Parse(text);
    }
}
