using ServingFabric.Optimization.Gate;
using ServingFabric.Optimization.Quantization;
using ServingFabric.Samples;

namespace ServingFabric.Optimization.Tests.Gate;

public sealed class AccuracyGateTests
{
    [Fact]
    public void Evaluate_SameModelOnIris_AllAgreeAndAccuracyOfTheSample()
    {
        var iris = SampleModels.CreateIrisMlp();

        var report = AccuracyGate.Evaluate(iris, iris, TestSets.Iris, new GateOptions());

        Assert.True(report.Passed);
        Assert.Equal("probabilities", report.OutputName);
        Assert.Equal(150, report.Samples);
        Assert.Equal(1.0, report.Top1Agreement);
        Assert.Equal(148 / 150.0, report.OriginalAccuracy);
        Assert.Equal(report.OriginalAccuracy, report.CandidateAccuracy);
        Assert.Equal(0, report.MaxAbsError);
        Assert.Equal(1, report.MinCosineSimilarity, 1e-9);
        Assert.Equal(new ErrorHistogramBin(0, 150 * 3), report.ErrorHistogram[0]);
        Assert.All(report.ErrorHistogram.Skip(1), bin => Assert.Equal(0, bin.Count));
    }

    [Fact]
    public void Evaluate_IrisQuantizedPerChannel_Passes()
    {
        var iris = SampleModels.CreateIrisMlp();
        var (candidate, _) = DynamicQuantizer.Quantize(iris, new QuantizationOptions { PerChannel = true });

        var report = AccuracyGate.Evaluate(iris, candidate, TestSets.Iris, new GateOptions());

        Assert.True(report.Passed, string.Join("; ", report.Failures));
        Assert.True(report.CandidateAccuracy >= 0.95, $"accuracy {report.CandidateAccuracy}");
    }

    [Fact]
    public void Evaluate_FirstLayerQuantizedWithABadRange_Refused()
    {
        // Weights clipped to ±0.05 (the first layer's reach well over 1): the layer saturates and the classes collapse.
        var iris = SampleModels.CreateIrisMlp();
        var broken = new QuantizationOptions { WeightRanges = new Dictionary<string, float> { ["Gemm_0"] = 0.05f } };
        var (candidate, _) = DynamicQuantizer.Quantize(iris, broken);

        var report = AccuracyGate.Evaluate(iris, candidate, TestSets.Iris, new GateOptions());

        Assert.False(report.Passed);
        Assert.True(report.Top1Agreement < 0.99, $"agreement {report.Top1Agreement}");
        Assert.Contains(report.Failures, f => f.StartsWith("top-1 agreement", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.StartsWith("accuracy fell", StringComparison.Ordinal));
        Assert.True(report.ErrorHistogram.Where(b => b.UpTo > 0.1).Sum(b => b.Count) > 0, "a broken layer moves some probabilities by more than 0.1");
        Assert.Equal(150 * 3, report.ErrorHistogram.Sum(b => b.Count));
    }

    [Fact]
    public void Evaluate_RegressionWithAbsErrorLimit_RefusesQuantizationNoise()
    {
        var (candidate, _) = DynamicQuantizer.Quantize(TestSets.Mlp, new QuantizationOptions());
        var options = new GateOptions { Kind = OutputKind.Regression, Limits = new GateLimits { MaxAbsError = 1e-7 } };

        var report = AccuracyGate.Evaluate(TestSets.Mlp, candidate, TestSets.MlpInputs, options);

        Assert.Null(report.Top1Agreement);
        Assert.True(report.MaxAbsError > 1e-7);
        Assert.True(report.MeanAbsError <= report.MaxAbsError);
        Assert.Equal([$"the largest absolute error {report.MaxAbsError:G4} is above the limit 1E-07"], report.Failures);
    }

    [Fact]
    public void Evaluate_LabelsOfTheWrongCount_Refused()
    {
        var set = TestSets.Iris with { Labels = [0, 1] };

        Assert.Throws<ArgumentException>(() => AccuracyGate.Evaluate(SampleModels.CreateIrisMlp(), SampleModels.CreateIrisMlp(), set, new GateOptions()));
    }
}
