using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Tests.Statistics;

public sealed class NonInferiorityTests
{
    [Fact]
    public void Evaluate_UpperBoundBelowMargin_IsNonInferior()
    {
        var result = NonInferiority.Evaluate("error-rate difference", new ConfidenceInterval(-0.004, 0.003), 0.005);

        Assert.True(result.IsNonInferior);
        Assert.Contains("0.003 < margin 0.005", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UpperBoundAtMargin_IsNotNonInferior()
    {
        var result = NonInferiority.Evaluate("log-latency difference", new ConfidenceInterval(-0.01, 0.05), 0.05);

        Assert.False(result.IsNonInferior);
        Assert.Contains("log-latency difference not yet non-inferior", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_UnboundedInterval_IsNotNonInferior()
    {
        Assert.False(NonInferiority.Evaluate("x", ConfidenceInterval.Unbounded, 1).IsNonInferior);
    }
}
