using Onnx;
using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Graph;
using ServingFabric.Optimization.Quantization;
using ServingFabric.Samples;

namespace ServingFabric.Optimization.Tests.Quantization;

public sealed class StaticConvQuantizerTests
{
    [Theory]
    [InlineData(true, CalibrationMethod.MinMax)]
    [InlineData(false, CalibrationMethod.Percentile)]
    public void Quantize_SmallCnn_EveryConvFusedIntoQLinearConvAndCloseToFp32(bool perChannel, CalibrationMethod calibration)
    {
        var options = new QuantizationOptions { PerChannel = perChannel, Calibration = calibration, KeepDepthwiseConvFloat = false };
        var original = ConvModels.SmallCnn();

        var (candidate, count) = StaticQuantizer.Quantize(original, ConvModels.Images(seed: 100, count: 32), options);

        Assert.Equal(3, count);
        var graph = TestSets.Parse(candidate).Graph;
        Assert.DoesNotContain(graph.Node, n => n.OpType == "BatchNormalization");
        Assert.Equal(3, graph.Node.Count(n => n.OpType == "Conv"));
        // Two Conv have a bias: int32 at the scale input × weight, zero point 0.
        var biases = graph.Initializer.Where(i => i.DataType == (int)TensorProto.Types.DataType.Int32 && i.Name.EndsWith("_bias_quantized", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, biases.Count);
        var dequantized = graph.Node.Where(n => n.OpType == "DequantizeLinear").Select(n => n.Output[0]).ToHashSet();
        Assert.All(graph.Node.Where(n => n.OpType == "Conv"), conv => Assert.All(conv.Input, i => Assert.Contains(i, dequantized)));
        // Each Relu's output is quantized over [0, max] instead of its Conv's; ONNX Runtime then drops the Relu.
        Assert.Equal(2, graph.Node.Count(n => n.OpType == "Relu" && n.Output[0].EndsWith("_float", StringComparison.Ordinal)));
        var fused = TestSets.Parse(OfflineGraphOptimizer.Optimize(candidate, GraphLevel.Extended)).Graph;
        Assert.Equal(3, fused.Node.Count(n => n.OpType == "QLinearConv"));
        Assert.DoesNotContain(fused.Node, n => n.OpType is "Conv" or "Relu");
        Assert.Empty(ModelSignature.Read(candidate).DifferencesFrom(ModelSignature.Read(original)));
        var report = AccuracyGate.Evaluate(original, candidate, ConvModels.Images(seed: 500, count: 16), new GateOptions { Kind = OutputKind.Regression });
        Assert.True(report.MinCosineSimilarity > 0.99, $"cosine {report.MinCosineSimilarity}");
    }

    [Fact]
    public void Quantize_DefaultOptions_DepthwiseConvLeftInFloat()
    {
        var (candidate, count) = StaticQuantizer.Quantize(ConvModels.SmallCnn(), ConvModels.Images(seed: 100, count: 8), new QuantizationOptions { PerChannel = true });

        Assert.Equal(2, count);
        Assert.Equal("w2", TestSets.Parse(candidate).Graph.Node.Single(n => n.Name == "conv2").Input[1]);
    }

    [Fact]
    public void Quantize_ConvKeptFloatByName_LeftInFloat()
    {
        var options = new QuantizationOptions { PerChannel = true, KeepDepthwiseConvFloat = false, KeepFloatNodes = new HashSet<string>(StringComparer.Ordinal) { "conv3" } };

        var (candidate, count) = StaticQuantizer.Quantize(ConvModels.SmallCnn(), ConvModels.Images(seed: 100, count: 8), options);

        Assert.Equal(2, count);
        var conv3 = TestSets.Parse(candidate).Graph.Node.Single(n => n.Name == "conv3");
        Assert.Equal("w3", conv3.Input[1]);
        Assert.Equal(2, TestSets.Parse(OfflineGraphOptimizer.Optimize(candidate, GraphLevel.Extended)).Graph.Node.Count(n => n.OpType == "QLinearConv"));
    }

    [Fact]
    public void Quantize_ConvKeptFloatByOpType_NothingQuantized()
    {
        var options = new QuantizationOptions { KeepFloatOpTypes = new HashSet<string>(StringComparer.Ordinal) { "Conv" } };

        var (_, count) = StaticQuantizer.Quantize(ConvModels.SmallCnn(), ConvModels.Images(seed: 100, count: 8), options);

        Assert.Equal(0, count);
    }

    [Fact]
    public void Quantize_OcrClassifierOpset9_UpgradedFusedAndAgreesOnTextLines()
    {
        var model = OcrClassifier.Load();
        var input = ModelSignature.Read(model).Inputs[0].Split(' ')[0];
        long[] shape = [OcrTextLines.Channels, OcrTextLines.Height, OcrTextLines.Width];
        var calibration = new EvaluationSet(input, shape, OcrTextLines.Create(seed: 31, count: 32));
        var evaluation = new EvaluationSet(input, shape, OcrTextLines.Create(seed: 18031, count: 64));

        var (candidate, count) = StaticQuantizer.Quantize(model, calibration, new QuantizationOptions { PerChannel = true });

        // 53 Conv, 11 of them depthwise (left in float), and the final MatMul.
        Assert.Equal(43, count);
        Assert.Equal(OpsetUpgrader.TargetOpset, TestSets.Parse(candidate).OpsetImport.Single(o => o.Domain.Length == 0).Version);
        var fused = TestSets.Parse(OfflineGraphOptimizer.Optimize(candidate, GraphLevel.Extended)).Graph;
        // ONNX Runtime 1.31 itself quantizes the float weights of the two 3×3 depthwise Conv that end up between a
        // DequantizeLinear and a QuantizeLinear (once it drops their Relu), so 44 QLinearConv come out of 42.
        Assert.InRange(fused.Node.Count(n => n.OpType == "QLinearConv"), 42, 44);
        var report = AccuracyGate.Evaluate(model, candidate, evaluation, new GateOptions());
        Assert.True(report.Top1Agreement >= 0.98, $"agreement {report.Top1Agreement}, min cosine {report.MinCosineSimilarity}");
    }
}
