using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Tests.Statistics;

public sealed class ConfidenceIntervalTests
{
    [Fact]
    public void ToString_Unbounded_SaysSoInWords()
    {
        Assert.Equal("unbounded (not enough data yet)", ConfidenceInterval.Unbounded.ToString());
    }

    [Fact]
    public void ToString_OneOpenEnd_WritesInf()
    {
        Assert.Equal("[-inf, 0.25]", new ConfidenceInterval(double.NegativeInfinity, 0.25).ToString());
    }

    [Fact]
    public void ToString_Bounded_RoundsToFiveDecimals()
    {
        Assert.Equal("[-0.00123, 0.12346]", new ConfidenceInterval(-0.001234, 0.123456).ToString());
    }
}
