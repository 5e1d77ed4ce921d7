using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Tests.Statistics;

public sealed class SpecialFunctionsTests
{
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(10.0, 12.801827480081467)] // ln 362880
    [InlineData(100.0, 359.1342053695754)] // ln 99!
    [InlineData(0.1, 2.2527126517342055)]
    [InlineData(1.5, -0.12078223763524543)] // ln(√π / 2)
    [InlineData(1e6, 12815504.569147611)]
    public void LogGamma_KnownValues_MatchToTwelveDigits(double x, double expected)
    {
        var actual = SpecialFunctions.LogGamma(x);

        Assert.Equal(expected, actual, Math.Max(1e-12, Math.Abs(expected) * 1e-13));
    }

    [Fact]
    public void LogGamma_Half_IsLogRootPi()
    {
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 1e-14);
    }

    [Fact]
    public void LogGamma_IntegersUpTo30_MatchLogFactorial()
    {
        var logFactorial = 0.0;
        for (var n = 1; n <= 30; n++)
        {
            Assert.Equal(logFactorial, SpecialFunctions.LogGamma(n), 1e-12 * Math.Max(1, logFactorial));
            logFactorial += Math.Log(n);
        }
    }

    [Fact]
    public void LogGamma_NonPositiveInteger_IsInfinite()
    {
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.LogGamma(0));
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.LogGamma(-3));
    }

    [Fact]
    public void BetaLn_KnownValues_Match()
    {
        Assert.Equal(Math.Log(1.0 / 9.0), SpecialFunctions.BetaLn(1, 9), 1e-14);
        Assert.Equal(Math.Log(Math.PI), SpecialFunctions.BetaLn(0.5, 0.5), 1e-14);
        Assert.Equal(Math.Log(6.0 / 93024.0), SpecialFunctions.BetaLn(4, 16), 1e-13); // 3!·15!/19!
    }

    [Fact]
    public void BetaLn_NonPositiveArgument_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.BetaLn(0, 1));
    }
}
