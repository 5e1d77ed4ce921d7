using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Graph;
using ServingFabric.Optimization.Pipeline;
using ServingFabric.Optimization.Quantization;
using ServingFabric.Samples;

namespace ServingFabric.Optimization.Tests.Pipeline;

public sealed class ModelOptimizerTests
{
    [Fact]
    public void Optimize_IrisQuantizedBasic_PassesWithAReport()
    {
        var request = new OptimizationRequest { Quantization = new QuantizationOptions { PerChannel = true }, Evaluation = TestSets.Iris, LoadTimings = 1 };

        var (candidate, report) = ModelOptimizer.Optimize(SampleModels.CreateIrisMlp(), request);

        Assert.True(report.Passed, string.Join("; ", report.Gate.Failures));
        Assert.Equal(2, report.QuantizedNodes);
        Assert.Equal(candidate.LongLength, report.CandidateBytes);
        Assert.Equal(64, report.CandidateSha256.Length);
        Assert.NotNull(report.CandidateLoadMilliseconds);
        var markdown = OptimizationReportFormats.ToMarkdown(report);
        Assert.StartsWith("## Model optimization: PASSED\n", markdown, StringComparison.Ordinal);
        Assert.Contains("int8 dynamic quantization (per-channel) of 2 MatMul/Gemm nodes", markdown, StringComparison.Ordinal);
        Assert.Contains("- absolute differences: ", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteHistogram_Report_WritesAPng()
    {
        var request = new OptimizationRequest { Quantization = new QuantizationOptions(), Evaluation = TestSets.Iris, LoadTimings = 0 };
        var (_, report) = ModelOptimizer.Optimize(SampleModels.CreateIrisMlp(), request);
        var path = Path.Combine(Path.GetTempPath(), $"sf-histogram-{Guid.NewGuid():N}.png");
        try
        {
            OptimizationReportPlot.WriteHistogram(report, path);

            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(path)[..4]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Optimize_MlpQuantized_SmallerByAboutFourTimes()
    {
        // Random weights on random inputs leave some top-1 margins within quantization noise (98.8 % to 100 % agree, by
        // CPU: without VNNI some layers get fewer levels), so this size test gates at 98 %.
        var request = new OptimizationRequest
        {
            Quantization = new QuantizationOptions(),
            Evaluation = TestSets.MlpInputs,
            LoadTimings = 0,
            Gate = new GateOptions { Limits = new GateLimits { MinTop1Agreement = 0.98 } },
        };

        var (_, report) = ModelOptimizer.Optimize(TestSets.Mlp, request);

        Assert.True(report.Passed, string.Join("; ", report.Gate.Failures));
        Assert.InRange((double)report.OriginalBytes / report.CandidateBytes, 3.5, 4.1);
        Assert.Null(report.OriginalLoadMilliseconds);
    }

    [Fact]
    public void ToJson_RefusedReport_RoundTripsWithSnakeCaseNames()
    {
        var broken = new QuantizationOptions { WeightRanges = new Dictionary<string, float> { ["Gemm_0"] = 0.05f } };
        var request = new OptimizationRequest { Quantization = broken, Evaluation = TestSets.Iris, Level = GraphLevel.Extended, LoadTimings = 0 };
        var (_, report) = ModelOptimizer.Optimize(SampleModels.CreateIrisMlp(), request);

        var json = OptimizationReportFormats.ToJson(report);
        var back = OptimizationReportFormats.FromJson(json)!;

        Assert.False(back.Passed);
        Assert.Contains("\"top1_agreement\":", json, StringComparison.Ordinal);
        Assert.Contains("\"level\": \"Extended\"", json, StringComparison.Ordinal);
        Assert.Equal(report.Gate.Failures, back.Gate.Failures);
        Assert.Equal(report.Gate.ErrorHistogram, back.Gate.ErrorHistogram);
        Assert.Contains("\"up_to\": \"Infinity\"", json, StringComparison.Ordinal);
        Assert.StartsWith("## Model optimization: REFUSED", OptimizationReportFormats.ToMarkdown(back), StringComparison.Ordinal);
    }
}
