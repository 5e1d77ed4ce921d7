using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Pipeline;
using ServingFabric.Optimization.Quantization;
using ServingFabric.Samples;

namespace ServingFabric.Optimization.Tests.Quantization;

public sealed class StaticQuantizerTests
{
    [Theory]
    [InlineData(false, CalibrationMethod.MinMax)]
    [InlineData(true, CalibrationMethod.Percentile)]
    public void Quantize_Mlp_QdqAroundEveryMatMulAndAgrees(bool perChannel, CalibrationMethod calibration)
    {
        var options = new QuantizationOptions { PerChannel = perChannel, Calibration = calibration };
        var calibrationSet = TestSets.MlpInputs with { Samples = RandomMlp.Inputs(seed: 99, count: 200, TestSets.MlpLayers[0]) };

        var (candidate, count) = StaticQuantizer.Quantize(TestSets.Mlp, calibrationSet, options);

        Assert.Equal(3, count);
        var graph = TestSets.Parse(candidate).Graph;
        Assert.DoesNotContain(graph.Node, n => n.OpType == "Gemm");
        Assert.Equal(3, graph.Node.Count(n => n.OpType == "MatMul"));
        Assert.Equal(6, graph.Node.Count(n => n.OpType == "QuantizeLinear"));
        Assert.Equal(9, graph.Node.Count(n => n.OpType == "DequantizeLinear"));
        Assert.DoesNotContain(graph.Initializer, i => i.Name is "w1" or "w2" or "w3" or "w2_untransposed");
        Assert.Empty(ModelSignature.Read(candidate).DifferencesFrom(ModelSignature.Read(TestSets.Mlp)));
        var report = AccuracyGate.Evaluate(TestSets.Mlp, candidate, TestSets.MlpInputs, new GateOptions());
        Assert.True(report.Top1Agreement >= 0.97, $"agreement {report.Top1Agreement}");
        Assert.True(report.MinCosineSimilarity > 0.99, $"cosine {report.MinCosineSimilarity}");
    }

    [Fact]
    public void Quantize_MlpLoadedByOnnxRuntime_FusedIntoQLinearMatMul()
    {
        var (candidate, _) = StaticQuantizer.Quantize(TestSets.Mlp, TestSets.MlpInputs, new QuantizationOptions { PerChannel = true });

        var loaded = TestSets.Parse(ServingFabric.Optimization.Graph.OfflineGraphOptimizer.Optimize(candidate, ServingFabric.Optimization.Graph.GraphLevel.Extended));

        Assert.Equal(3, loaded.Graph.Node.Count(n => n.OpType == "QLinearMatMul"));
    }

    [Fact]
    public void Optimize_IrisStaticCalibratedOnTheDataSet_PassesTheGate()
    {
        var request = new OptimizationRequest
        {
            Quantization = new QuantizationOptions { PerChannel = true },
            Mode = QuantizationMode.Static,
            Evaluation = TestSets.Iris,
            LoadTimings = 0,
        };

        var (_, report) = ModelOptimizer.Optimize(SampleModels.CreateIrisMlp(), request);

        Assert.True(report.Passed, string.Join("; ", report.Gate.Failures));
        Assert.Equal("int8 static QDQ quantization (per-channel, min-max calibration on 150 samples) of 2 Conv/MatMul/Gemm nodes", report.Steps[0]);
    }

    [Fact]
    public void Quantize_OpsetTwelve_UpgradedTo13AndQuantized()
    {
        var model = TestSets.Parse(SampleModels.CreateIrisMlp());
        model.OpsetImport[0].Version = 12;

        var (candidate, count) = StaticQuantizer.Quantize(Google.Protobuf.MessageExtensions.ToByteArray(model), TestSets.Iris, new QuantizationOptions());

        Assert.Equal(2, count);
        Assert.Equal(13, TestSets.Parse(candidate).OpsetImport.Single(o => o.Domain.Length == 0).Version);
    }

    [Fact]
    public void Quantize_OpsetNineWithAnOperatorTheUpgraderDoesNotKnow_RefusedNamingIt()
    {
        var model = TestSets.Parse(SampleModels.CreateIrisMlp());
        model.OpsetImport[0].Version = 9;
        model.Graph.Node.Add(new Onnx.NodeProto { OpType = "Upsample", Name = "upsample", Input = { "probabilities" }, Output = { "upsampled" } });

        var error = Assert.Throws<InvalidOperationException>(() => StaticQuantizer.Quantize(Google.Protobuf.MessageExtensions.ToByteArray(model), TestSets.Iris, new QuantizationOptions()));

        Assert.Contains("Upsample (node 'upsample')", error.Message, StringComparison.Ordinal);
    }
}
