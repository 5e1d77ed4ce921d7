using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Graph;
using ServingFabric.Samples;

namespace ServingFabric.Optimization.Tests.Graph;

public sealed class OfflineGraphOptimizerTests
{
    [Theory]
    [InlineData(GraphLevel.Basic)]
    [InlineData(GraphLevel.Extended)]
    public void Optimize_Iris_SameSignatureAndSameAnswers(GraphLevel level)
    {
        var iris = SampleModels.CreateIrisMlp();

        var optimized = OfflineGraphOptimizer.Optimize(iris, level);

        Assert.Empty(ModelSignature.Read(optimized).DifferencesFrom(ModelSignature.Read(iris)));
        var report = AccuracyGate.Evaluate(iris, optimized, TestSets.Iris, new GateOptions { Limits = new GateLimits { MinTop1Agreement = 1 } });
        Assert.True(report.Passed, string.Join("; ", report.Failures));
        Assert.True(report.MaxAbsError < 1e-5, $"max abs error {report.MaxAbsError}");
    }

    [Fact]
    public void Optimize_Extended_FusesGemmAndRelu()
    {
        var optimized = TestSets.Parse(OfflineGraphOptimizer.Optimize(SampleModels.CreateIrisMlp(), GraphLevel.Extended));

        Assert.Contains(optimized.Graph.Node, n => n.OpType == "FusedGemm");
    }

    [Fact]
    public void Optimize_Basic_OnlyStandardOperators()
    {
        var optimized = TestSets.Parse(OfflineGraphOptimizer.Optimize(TestSets.Mlp, GraphLevel.Basic));

        Assert.All(optimized.Graph.Node, n => Assert.True(string.IsNullOrEmpty(n.Domain), $"{n.OpType} is in domain {n.Domain}"));
    }

    [Fact]
    public void Median_Iris_Positive()
    {
        Assert.True(ModelLoadTimer.Median(SampleModels.CreateIrisMlp(), repeats: 1) > TimeSpan.Zero);
    }
}
