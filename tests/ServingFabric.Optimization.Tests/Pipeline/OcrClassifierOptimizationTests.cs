using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Graph;
using ServingFabric.Optimization.Pipeline;
using ServingFabric.Optimization.Quantization;

namespace ServingFabric.Optimization.Tests.Pipeline;

/// <summary>The whole pipeline on a real exported model: PaddleOCR's orientation classifier.</summary>
public sealed class OcrClassifierOptimizationTests
{
    [Theory]
    [InlineData(false, GraphLevel.Basic)]
    [InlineData(true, GraphLevel.Extended)]
    public void Optimize_OcrClassifierInt8_QuantizesItsMatMulWithTheFusedOperatorAndAgrees(bool perChannel, GraphLevel level)
    {
        var model = OcrClassifier.Load();
        var input = ModelSignature.Read(model).Inputs[0].Split(' ')[0];
        var set = new EvaluationSet(input, [3, 48, 192], OcrClassifier.Images(seed: 5, count: 16));
        var request = new OptimizationRequest { Quantization = new QuantizationOptions { PerChannel = perChannel }, Level = level, Evaluation = set, LoadTimings = 0 };

        var (candidate, report) = ModelOptimizer.Optimize(model, request);

        Assert.Equal(1, report.QuantizedNodes);
        Assert.True(report.Passed, string.Join("; ", report.Gate.Failures));
        Assert.True(report.Gate.MinCosineSimilarity > 0.999, $"cosine {report.Gate.MinCosineSimilarity}");
        Assert.Contains(TestSets.Parse(candidate).Graph.Node, n => n.OpType == "DynamicQuantizeMatMul");
    }
}
