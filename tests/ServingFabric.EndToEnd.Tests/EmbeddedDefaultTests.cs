using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ServingFabric.Client;
using ServingFabric.Inference;
using ServingFabric.Protocol;
using ServingFabric.Tests.Shared;
using Xunit.Abstractions;

namespace ServingFabric.EndToEnd.Tests;

/// <summary>The silo executable with no configuration at all, queried as a user would.</summary>
[Collection(EmbeddedSiloCollection.Name)]
public sealed class EmbeddedDefaultTests(EmbeddedSiloFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Start_NoConfiguration_SeedsSampleModelAndServesReadmeRequest()
    {
        output.WriteLine($"startup to ready: {fixture.StartupTime.TotalMilliseconds:F0} ms");
        Assert.True(File.Exists(Path.Combine(fixture.Silo.WorkingDirectory, "models", "iris", "1", "model.onnx")));

        // The README's quickstart request, verbatim.
        await ReadmeInference.AssertAnsweredAsync(fixture.Http);
    }

    [Fact]
    public async Task ConformanceScript_AgainstEmbeddedDefault_Passes() =>
        await RunConformanceScriptAsync("conformance.mjs", fixture.Silo.BaseAddress);

    /// <summary>The same checks over gRPC, by an independent client (@grpc/grpc-js loading the protocol's .proto).</summary>
    [Fact]
    public async Task GrpcConformanceScript_AgainstEmbeddedDefault_Passes() =>
        await RunConformanceScriptAsync("grpc-conformance.mjs", fixture.Silo.GrpcAddress!);

    private async Task RunConformanceScriptAsync(string scriptName, Uri url)
    {
        var script = Path.Combine(RepositoryPaths.Root, "tests", "oip-conformance", scriptName);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("--url");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--model");
        start.ArgumentList.Add("iris");
        start.ArgumentList.Add("--version");
        start.ArgumentList.Add("1");
        start.ArgumentList.Add("--unload-check");

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await node.WaitForExitAsync(timeout.Token);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);

        Assert.True(node.ExitCode == 0, $"{scriptName} failed:\n{await stdout}\n{await stderr}");
    }

    [Fact]
    public async Task HttpClientSdk_BinaryTensors_ReturnsReferenceOutputs()
    {
        using var http = new HttpClient { BaseAddress = fixture.Silo.BaseAddress };
        var client = new HttpInferenceClient(http, new ServingFabricClientOptions { BaseAddress = fixture.Silo.BaseAddress, UseBinaryTensors = true });
        var rows = IrisReference.Rows(5, seed: 21);
        var request = new InferenceRequestBuilder("iris").WithId("sdk-1").AddInput("input", [5, 4], rows).Build();

        var response = await client.InferAsync(request);

        Assert.Equal("sdk-1", response.Id);
        var labels = response.GetOutput("label").ToArray<long>();
        for (var row = 0; row < 5; row++)
        {
            Assert.Equal(IrisReference.Compute(rows.AsSpan(row * 4, 4)).Label, labels[row]);
        }

        Assert.True(await client.IsServerReadyAsync());
        Assert.True(await client.IsModelReadyAsync("iris", "1"));
        Assert.False(await client.IsModelReadyAsync("nosuch"));
        Assert.Equal("input", (await client.GetModelMetadataAsync("iris")).Inputs[0].Name);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GrpcClientSdk_RawOrTypedContents_ReturnsReferenceOutputs(bool raw)
    {
        using var client = new GrpcInferenceClient(Microsoft.Extensions.Options.Options.Create(new ServingFabricClientOptions
        {
            Transport = ServingFabricTransport.Grpc,
            BaseAddress = fixture.Silo.GrpcAddress,
            UseBinaryTensors = raw,
        }), TimeProvider.System);
        var rows = IrisReference.Rows(5, seed: 22);
        var request = new InferenceRequestBuilder("iris").WithId("grpc-sdk-1").AddInput("input", [5, 4], rows).Build();

        var response = await client.InferAsync(request);

        Assert.Equal("grpc-sdk-1", response.Id);
        var labels = response.GetOutput("label").ToArray<long>();
        var probabilities = response.GetOutput("probabilities").ToArray<float>();
        for (var row = 0; row < 5; row++)
        {
            var (expected, label) = IrisReference.Compute(rows.AsSpan(row * 4, 4));
            Assert.Equal(label, labels[row]);
            Assert.Equal(expected[0], probabilities[row * 3], 5);
        }

        Assert.True(await client.IsServerLiveAsync());
        Assert.True(await client.IsServerReadyAsync());
        Assert.True(await client.IsModelReadyAsync("iris", "1"));
        Assert.False(await client.IsModelReadyAsync("nosuch"));
        Assert.Equal("input", (await client.GetModelMetadataAsync("iris")).Inputs[0].Name);
        var unknown = await Assert.ThrowsAsync<InferenceException>(() => client.InferAsync(request with { ModelName = "nosuch" }));
        Assert.Equal(InferenceErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task Infer_SequentialOverHttp_ReportsMedianLatency()
    {
        const string body = """{"inputs":[{"name":"input","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}""";
        var timings = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            var started = Stopwatch.GetTimestamp();
            using var response = await fixture.Http.PostAsync("/v2/models/iris/infer", content);
            timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Reported, not asserted: timing thresholds belong in perf/, not in tests.
        timings.Sort();
        output.WriteLine($"HTTP JSON infer, 200 sequential requests after warm-up: median {timings[100]:F2} ms, p90 {timings[180]:F2} ms");
    }
}
