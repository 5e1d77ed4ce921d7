using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Tests.Statistics;

public sealed class CountTestTests
{
    [Fact]
    public void LogBayesFactor_HandComputed_Matches()
    {
        // k = 3 of n = 10, ρ0 = 0.1, c = 10 → a = 1, b = 9; B(4, 16) = 3!·15!/19!, B(1, 9) = 1/9.
        var expected = Math.Log(6.0 / 93024.0 * 9.0) - (3 * Math.Log(0.1)) - (7 * Math.Log(0.9));

        Assert.Equal(expected, CountTest.LogBayesFactor(3, 10, 0.1, 10), 1e-12);
    }

    [Fact]
    public void LogBayesFactor_NoEvents_IsZero()
    {
        Assert.Equal(0.0, CountTest.LogBayesFactor(0, 0, 0.3, 10));
    }

    [Fact]
    public void LogBayesFactor_ShareOfOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CountTest.LogBayesFactor(1, 2, 1.0, 10));
    }

    [Fact]
    public void Update_ShareChanges_MultipliesFactorsPerSegment()
    {
        var monitor = new CountTestMonitor(new CountTestSettings { Alternative = AlternativeHypothesis.TwoSided });
        monitor.Update(3, 7, 0.1);
        monitor.Update(2, 8, 0.1);
        var result = monitor.Update(9, 11, 0.25);

        var expected = CountTest.LogBayesFactor(5, 20, 0.1, 10) + CountTest.LogBayesFactor(9, 20, 0.25, 10);
        Assert.Equal(expected, result.LogBayesFactor, 1e-12);
        Assert.Equal(14, result.TreatmentEvents);
        Assert.Equal(40, result.TotalEvents);
        Assert.Equal((0.1 * 20) + (0.25 * 20), result.ExpectedTreatmentEvents, 1e-12);
    }

    [Fact]
    public void Update_HarmTestWithFewerEventsInTreatment_NeverRejects()
    {
        var monitor = new CountTestMonitor(new CountTestSettings { Alternative = AlternativeHypothesis.Greater });

        var result = monitor.Update(0, 500, 0.5);

        Assert.True(result.LogBayesFactor > 100);
        Assert.False(result.Reject);
        Assert.Equal(1.0, result.PValue);
    }

    [Fact]
    public void Update_ManyMoreEventsInTreatment_Rejects()
    {
        var monitor = new CountTestMonitor(new CountTestSettings());

        var result = monitor.Update(20, 30, 0.1);

        Assert.True(result.Reject, result.Describe("errors"));
        Assert.True(monitor.Rejected);
    }

    [Fact]
    public void Update_StreamOfLooks_PValueNeverIncreases()
    {
        var random = new Random(9);
        var monitor = new CountTestMonitor(new CountTestSettings { Alternative = AlternativeHypothesis.TwoSided });
        var previous = 1.0;
        for (var i = 0; i < 3000; i++)
        {
            var inTreatment = random.NextDouble() < 0.12;
            var result = monitor.Update(inTreatment ? 1 : 0, inTreatment ? 0 : 1, 0.1);

            Assert.True(result.PValue <= previous);
            previous = result.PValue;
        }
    }
}
