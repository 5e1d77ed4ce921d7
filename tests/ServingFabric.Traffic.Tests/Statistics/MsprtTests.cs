using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Traffic.Tests.Statistics;

public sealed class MsprtTests
{
    [Theory]
    [InlineData(0.1, -0.096573590279972643)] // ½·ln(½) + 0.01·0.01/(2·0.01·0.02)
    [InlineData(0.3, 1.9034264097200273)] // ½·ln(½) + 0.01·0.09/(2·0.01·0.02)
    public void LogLikelihoodRatio_HandComputed_Matches(double difference, double expected)
    {
        Assert.Equal(expected, Msprt.LogLikelihoodRatio(difference, variance: 0.01, theta0: 0, tau: 0.1), 1e-14);
    }

    [Fact]
    public void ConfidenceSequence_HandComputed_Matches()
    {
        // radius = sqrt(V(V+τ²)/τ² · (2 ln 20 + ln 2)) with V = τ² = 0.01
        var radius = Math.Sqrt(0.02 * ((2 * Math.Log(20)) + Math.Log(2)));

        var interval = Msprt.ConfidenceSequence(0.25, 0.01, 0.1, 0.05);

        Assert.Equal(0.25 - radius, interval.Lower, 1e-14);
        Assert.Equal(0.25 + radius, interval.Upper, 1e-14);
    }

    [Fact]
    public void ConfidenceSequence_ExcludesTheta_ExactlyWhenTestRejectsIt()
    {
        var random = new Random(11);
        for (var i = 0; i < 10_000; i++)
        {
            var d = random.NextGaussian(0, 0.2);
            var v = Math.Exp(random.NextGaussian(-6, 2));
            var theta = random.NextGaussian(0, 0.2);
            var interval = Msprt.ConfidenceSequence(d, v, 0.1, 0.05);
            var rejects = Msprt.LogLikelihoodRatio(d, v, theta, 0.1) >= Math.Log(20);

            Assert.Equal(rejects, !interval.Contains(theta));
        }
    }

    [Fact]
    public void Update_StreamOfLooks_PValueNeverIncreases()
    {
        var random = new Random(5);
        var monitor = new MsprtMonitor(new MsprtSettings { Tau = 0.1, MinSamplesPerArm = 50 });
        var control = new MeanAccumulator();
        var treatment = new MeanAccumulator();
        var previous = 1.0;
        for (var i = 0; i < 5000; i++)
        {
            control.Add(random.NextGaussian(0, 1));
            treatment.Add(random.NextGaussian(0.05, 1));
            var result = monitor.Update(control, treatment);

            Assert.True(result.PValue <= previous, $"p rose from {previous} to {result.PValue} at look {i}");
            previous = result.PValue;
        }
    }

    [Fact]
    public void Test_BeforeBurnIn_NeverRejects()
    {
        var result = Msprt.Test(difference: 5, variance: 1e-6, controlCount: 499, treatmentCount: 10_000, new MsprtSettings());

        Assert.False(result.IsBurnedIn);
        Assert.False(result.Reject);
        Assert.Equal(1.0, result.PValue);
        Assert.Equal(ConfidenceInterval.Unbounded, result.Interval);
    }

    [Fact]
    public void Test_OneSidedGreater_IgnoresEvidenceTheOtherWay()
    {
        var settings = new MsprtSettings { Alternative = AlternativeHypothesis.Greater, MinSamplesPerArm = 2 };

        var better = Msprt.Test(difference: -1, variance: 1e-4, 1000, 1000, settings);
        var worse = Msprt.Test(difference: 1, variance: 1e-4, 1000, 1000, settings);

        Assert.False(better.Reject);
        Assert.Equal(1.0, better.PValue);
        Assert.True(worse.Reject);
    }

    [Fact]
    public void Test_ZeroVariance_GivesNoEvidence()
    {
        var result = Msprt.Test(difference: 1, variance: 0, 1000, 1000, new MsprtSettings { MinSamplesPerArm = 2 });

        Assert.Equal(0.0, result.LogLikelihoodRatio);
        Assert.False(result.Reject);
    }

    [Fact]
    public void VarianceOfDifference_NoEvents_IsPositive()
    {
        var none = new EventAccumulator { Count = 1000 };

        Assert.True(Msprt.VarianceOfDifference(none, none) > 0);
    }

    [Fact]
    public void MsprtSettings_NonPositiveTau_ThrowsNamingTau()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MsprtMonitor(new MsprtSettings { Tau = 0 }));

        Assert.Equal("Tau", error.ParamName);
    }
}
