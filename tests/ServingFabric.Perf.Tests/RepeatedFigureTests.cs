using ServingFabric.Perf.Measurement;

namespace ServingFabric.Perf.Tests;

/// <summary>Targets measured over repeated pairs of runs are judged on the median, so one noisy run cannot decide them.</summary>
public sealed class RepeatedFigureTests
{
    [Fact]
    public void Median_ThreePairsOneOutlier_IsTheMiddleOne()
    {
        Assert.Equal(3.6, new RepeatedFigure([3.1, 9.0, 3.6]).Median);
    }

    [Fact]
    public void Median_EvenCount_IsTheMeanOfTheMiddleTwo()
    {
        Assert.Equal(2.5, new RepeatedFigure([4.0, 1.0, 2.0, 3.0]).Median);
    }

    [Fact]
    public void Describe_Ratios_ListsEveryRatioInMeasuredOrder()
    {
        Assert.Equal("median of 3 pairs (3.10x, 4.02x, 3.64x)", new RepeatedFigure([3.1, 4.023, 3.638]).Describe());
    }

    [Fact]
    public void Describe_Milliseconds_ListsThemWithTheUnit()
    {
        Assert.Equal("median of 2 pairs (0.301 ms, 0.250 ms)", new RepeatedFigure([0.3012, 0.25], "ms").Describe());
    }
}
