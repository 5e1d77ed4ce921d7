using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using ServingFabric.Contracts;
using ServingFabric.Gateway.Operator;
using ServingFabric.Optimization.Gate;
using ServingFabric.Samples;
using ServingFabric.Tensors;
using Xunit.Abstractions;

namespace ServingFabric.Cli.Tests.Optimization;

/// <summary>fabric models optimize against a scripted gateway: the iris sample optimized here, gated on Fisher's data, then registered and canaried.</summary>
public sealed class ModelsOptimizeTests(ITestOutputHelper log) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sf-cli-optimize-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Optimize_IrisPassesTheGate_RegistersTheCandidateThenStartsACanary()
    {
        var (source, evaluation, inbox) = Prepare();
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.VersionsJson), (HttpStatusCode.Created, RegisteredJson), (HttpStatusCode.Created, SampleRelease.CanaryJson()));

        var (code, output, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", "alice"),
            "models", "optimize", "iris", "--version", "1", "--source", source, "--inbox", inbox, "--eval", evaluation, "--per-channel", "--canary", "10");

        log.WriteLine(output);
        Assert.Equal(FabricCommand.Ok, code);
        Assert.Empty(error);
        Assert.StartsWith("## Model optimization: PASSED\n", output, StringComparison.Ordinal);
        // Versions 0, 1 and 2 are registered: the candidate is 3.
        var artifact = Path.Combine(inbox, "iris-3.onnx");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(artifact)));
        Assert.True(File.Exists(Path.Combine(inbox, "iris-3.optimization.md")));
        Assert.True(File.Exists(Path.Combine(inbox, "iris-3.optimization.json")));
        Assert.True(File.Exists(Path.Combine(inbox, "iris-3.optimization.png")));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(new Uri("http://gw:8080/v1/models/iris/versions"), handler.Requests[0].Uri);
        var register = handler.Requests[1];
        Assert.Equal(new Uri("http://gw:8080/v1/models/iris/versions"), register.Uri);
        Assert.Equal("alice", register.Actor);
        using var body = JsonDocument.Parse(register.Body!);
        Assert.Equal("3", body.RootElement.GetProperty("version").GetString());
        Assert.Equal(artifact, body.RootElement.GetProperty("artifact").GetString());
        Assert.Equal(sha256, body.RootElement.GetProperty("sha256").GetString());
        Assert.StartsWith("optimized from version 1: int8 dynamic quantization (per-channel) of 2 MatMul/Gemm nodes", body.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(new Uri("http://gw:8080/v1/models/iris/canary"), handler.Requests[2].Uri);
        Assert.Equal("""{"version":"3","steps":[10,25,50,100]}""", handler.Requests[2].Body);
    }

    [Fact]
    public async Task Optimize_OutlierWeightPerTensor_RefusedExitsFiveAndRegistersNothing()
    {
        var (_, evaluation, inbox) = Prepare();
        var source = Path.Combine(_folder.FullName, "outlier.onnx");
        File.WriteAllBytes(source, IrisWithAnOutlierUnit());
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.VersionsJson), (HttpStatusCode.Created, RegisteredJson));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", null),
            "models", "optimize", "iris", "--version", "1", "--source", source, "--inbox", inbox, "--eval", evaluation);

        Assert.Equal(FabricCommand.CandidateRefused, code);
        Assert.StartsWith("## Model optimization: REFUSED\n", output, StringComparison.Ordinal);
        Assert.Contains("- **refused:** top-1 agreement", output, StringComparison.Ordinal);
        Assert.Contains("Try --per-channel", output, StringComparison.Ordinal);
        Assert.Equal([HttpMethod.Get], handler.Requests.Select(r => r.Method));
        Assert.False(File.Exists(Path.Combine(inbox, "iris-3.onnx")));
        Assert.True(File.Exists(Path.Combine(inbox, "iris-3.optimization.md")));
    }

    [Fact]
    public async Task Optimize_OutlierWeightPerChannel_PassesWithoutCanary()
    {
        // One scale per hidden unit: the outlier's column no longer flattens the other columns to zero.
        var (_, evaluation, inbox) = Prepare();
        var source = Path.Combine(_folder.FullName, "outlier.onnx");
        File.WriteAllBytes(source, IrisWithAnOutlierUnit());
        var handler = new RecordingHandler((HttpStatusCode.Created, RegisteredJson));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", null),
            "models", "optimize", "iris", "--version", "1", "--source", source, "--inbox", inbox, "--eval", evaluation, "--per-channel", "--as", "7");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.StartsWith("## Model optimization: PASSED\n", output, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
        Assert.True(File.Exists(Path.Combine(inbox, "iris-7.onnx")));
    }

    [Fact]
    public async Task Optimize_QuantizeNoneLevelExtended_GraphOptimizationOnly()
    {
        var (source, evaluation, inbox) = Prepare();
        var handler = new RecordingHandler((HttpStatusCode.OK, SampleRelease.VersionsJson), (HttpStatusCode.Created, RegisteredJson));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", null),
            "models", "optimize", "iris", "--version", "1", "--source", source, "--inbox", inbox, "--eval", evaluation, "--quantize", "none", "--level", "extended");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Contains("- ONNX Runtime graph optimization offline, level extended\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("quantization", output, StringComparison.Ordinal);
        Assert.Contains("\"version\":\"3\"", handler.Requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_FirstLayerKeptInFloat_OnlyTheSecondQuantized()
    {
        var (source, evaluation, inbox) = Prepare();
        var handler = new RecordingHandler((HttpStatusCode.Created, RegisteredJson));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", null),
            "models", "optimize", "iris", "--version", "1", "--source", source, "--inbox", inbox, "--eval", evaluation, "--as", "4",
            "--keep-float-nodes", "Gemm_0", "--reduce-range");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Contains("- int8 dynamic quantization (per-tensor) of 1 MatMul/Gemm nodes\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_StaticWithItsOwnCalibrationSet_RegistersAStaticQdqCandidate()
    {
        var (source, evaluation, inbox) = Prepare();
        var calibration = Path.Combine(_folder.FullName, "iris-calibration.json");
        var set = EvaluationSetFile.Read(evaluation);
        // Every other flower calibrates; the gate still grades all 150.
        EvaluationSetFile.Write(calibration, set with { Samples = [.. set.Samples.Where((_, i) => i % 2 == 0)], Labels = null });
        var handler = new RecordingHandler((HttpStatusCode.Created, RegisteredJson));

        var (code, output, _) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", null),
            "models", "optimize", "iris", "--version", "1", "--source", source, "--inbox", inbox, "--eval", evaluation, "--as", "5",
            "--quantize", "static", "--calibration", calibration, "--per-channel", "--percentile", "99.9");

        Assert.Equal(FabricCommand.Ok, code);
        Assert.Contains("- int8 static QDQ quantization (per-channel, percentile 99.9 calibration on 75 samples) of 2 Conv/MatMul/Gemm nodes\n", output, StringComparison.Ordinal);
        Assert.Contains("int8 static QDQ quantization", handler.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_CalibrationWithDynamic_UsageError()
    {
        var handler = new RecordingHandler((HttpStatusCode.Created, RegisteredJson));

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", null),
            "models", "optimize", "iris", "--version", "1", "--inbox", _folder.FullName, "--eval", "e.json", "--calibration", "c.json");

        Assert.Equal(FabricCommand.UsageError, code);
        Assert.Contains("--calibration only applies with --quantize static", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_PerChannelWithQuantizeNone_UsageError()
    {
        var handler = new RecordingHandler((HttpStatusCode.Created, RegisteredJson));

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", null),
            "models", "optimize", "iris", "--version", "1", "--inbox", _folder.FullName, "--eval", "e.json", "--quantize", "none", "--per-channel");

        Assert.Equal(FabricCommand.UsageError, code);
        Assert.Contains("--per-channel only applies with --quantize dynamic or static", error, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Optimize_NoEvaluationSet_UsageErrorNamingTheOption()
    {
        var handler = new RecordingHandler((HttpStatusCode.Created, RegisteredJson));

        var (code, _, error) = await ManagementCommandTests.RunAsync(handler, ManagementCommandTests.Environment("k", null),
            "models", "optimize", "iris", "--version", "1", "--inbox", _folder.FullName);

        Assert.Equal(FabricCommand.UsageError, code);
        Assert.Contains("--eval", error, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    private (string Source, string Evaluation, string Inbox) Prepare()
    {
        var source = Path.Combine(_folder.FullName, "iris", "1", "model.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        File.WriteAllBytes(source, SampleModels.CreateIrisMlp());
        var evaluation = Path.Combine(_folder.FullName, "iris-eval.json");
        EvaluationSetFile.Write(evaluation, new EvaluationSet("input", [IrisMlpWeights.Features],
            [.. IrisDataSet.Rows.Select(r => r.Features)], [.. IrisDataSet.Rows.Select(r => r.Label)]));
        return (source, evaluation, Path.Combine(_folder.FullName, "inbox"));
    }

    // The iris sample plus a ninth hidden unit that never fires (bias -100000) and that nothing reads (outgoing weights
    // 0) but whose incoming weights are 1000: the model answers exactly as the sample does, yet one scale for the whole
    // first layer rounds every real weight to 0.
    private static byte[] IrisWithAnOutlierUnit()
    {
        var w = SampleModels.IrisMlpWeights;
        const int Hidden = IrisMlpWeights.Hidden + 1;
        var w1 = new float[IrisMlpWeights.Features * Hidden];
        for (var f = 0; f < IrisMlpWeights.Features; f++)
        {
            Array.Copy(w.W1, f * IrisMlpWeights.Hidden, w1, f * Hidden, IrisMlpWeights.Hidden);
            w1[(f * Hidden) + IrisMlpWeights.Hidden] = 1000f;
        }

        return new OnnxModelBuilder("iris_outlier")
            .AddInput("input", TensorDataType.Fp32, -1, IrisMlpWeights.Features)
            .AddOutput("probabilities", TensorDataType.Fp32, -1, IrisMlpWeights.Classes)
            .AddInitializer("w1", [IrisMlpWeights.Features, Hidden], w1)
            .AddInitializer("b1", [Hidden], [.. w.B1, -1e5f])
            .AddInitializer("w2", [Hidden, IrisMlpWeights.Classes], [.. w.W2, 0f, 0f, 0f])
            .AddInitializer("b2", [IrisMlpWeights.Classes], w.B2)
            .Gemm("input", "w1", "b1", "hidden")
            .Relu("hidden", "hidden_relu")
            .Gemm("hidden_relu", "w2", "b2", "logits")
            .Softmax("logits", "probabilities", axis: 1)
            .ToBytes();
    }

    private static string RegisteredJson =>
        System.Text.Encoding.UTF8.GetString(ManagementAnswers.Serialize(ManagementAnswers.Version("iris", SampleRelease.Versions[1]), ManagementJsonContext.Default.VersionResponse));
}
