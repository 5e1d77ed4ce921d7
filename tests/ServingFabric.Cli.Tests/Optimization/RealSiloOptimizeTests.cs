using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ServingFabric.Optimization.Gate;
using ServingFabric.Samples;

namespace ServingFabric.Cli.Tests.Optimization;

/// <summary>fabric models optimize against a real in-process silo: the int8 candidate is imported, registered, served and canaried.</summary>
public sealed class RealSiloOptimizeTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task Optimize_SampleIrisWithCanary_CandidateRegisteredServingAndInACanary()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(silo.Address.ToString(), null, "cli-test", TimeProvider.System, Task.Delay, Interactive: false);
        var evaluation = Path.Combine(silo.Repository, "iris-eval.json");
        EvaluationSetFile.Write(evaluation, new EvaluationSet("input", [IrisMlpWeights.Features],
            [.. IrisDataSet.Rows.Select(r => r.Features)], [.. IrisDataSet.Rows.Select(r => r.Label)]));

        var code = await FabricCommand.RunAsync(
            ["models", "optimize", "iris", "--version", "1", "--source", Path.Combine(silo.Repository, "iris", "1", "model.onnx"),
             "--inbox", Path.Combine(silo.Repository, ".inbox"), "--eval", evaluation, "--per-channel", "--canary", "10"],
            http, output, error, environment, CancellationToken.None);

        Assert.True(code == FabricCommand.Ok, $"exit {code}: {error}\n{output}");
        var versions = JsonNode.Parse(await http.GetStringAsync(new Uri(silo.Address, "v1/models/iris/versions")))!["versions"]!.AsArray();
        var candidate = versions.Single(v => v!["version"]!.GetValue<string>() == "2")!;
        var artifact = Path.Combine(silo.Repository, ".inbox", "iris-2.onnx");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(artifact))), candidate["sha256"]!.GetValue<string>());
        // The version's record keeps the gate's figures and where the whole report is; the event log has the verdict too.
        var record = candidate["optimization"]!;
        Assert.Equal("1", record["source_version"]!.GetValue<string>());
        Assert.Equal(150, record["samples"]!.GetValue<int>());
        Assert.True(record["top1_agreement"]!.GetValue<double>() >= 0.99);
        Assert.Equal(Path.ChangeExtension(artifact, ".optimization.md"), record["report"]!.GetValue<string>());
        var events = await http.GetStringAsync(new Uri(silo.Address, "v1/events?model=iris"));
        Assert.Contains("optimized from version 1: int8 dynamic quantization (per-channel) of 2 MatMul/Gemm nodes", events, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.ChangeExtension(artifact, ".optimization.md")));
        var experiment = JsonNode.Parse(await http.GetStringAsync(new Uri(silo.Address, "v1/models/iris/experiment")))!;
        Assert.Equal("2", experiment["candidate"]!.GetValue<string>());

        // The candidate answers the README's setosa as the original does.
        using var content = new StringContent("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}""",
            System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(silo.Address, "v2/models/iris/versions/2/infer"), content);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, answer);
        var label = JsonNode.Parse(answer)!["outputs"]!.AsArray().Single(o => o!["name"]!.GetValue<string>() == "label")!;
        Assert.Equal(0, label["data"]![0]!.GetValue<long>());
    }
}
