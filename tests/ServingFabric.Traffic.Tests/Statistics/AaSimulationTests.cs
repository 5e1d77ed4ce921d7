using ServingFabric.Traffic.Statistics;
using Xunit.Abstractions;

namespace ServingFabric.Traffic.Tests.Statistics;

/// <summary>
/// Identical arms, checked after every observation: the share of runs that ever reject must stay within α plus
/// two binomial standard errors (STATISTICS.md, "Proof by simulation").
/// </summary>
public sealed class AaSimulationTests(ITestOutputHelper output)
{
    private const int Runs = 2000;

    [Theory]
    [InlineData(0.5, AlternativeHypothesis.TwoSided, 0.05, 4_000, 2000)]
    [InlineData(0.1, AlternativeHypothesis.Greater, 0.01, 12_000, 1000)]
    public void Msprt_IdenticalLogLatency_FalsePositiveRateWithinAlpha(double treatmentShare, AlternativeHypothesis alternative, double alpha, int observations, int runs)
    {
        var random = new Random(20240601);
        var settings = new MsprtSettings { Tau = Math.Log(1.10), Alpha = alpha, Alternative = alternative, MinSamplesPerArm = 500 };
        var rejections = 0;
        for (var run = 0; run < runs; run++)
        {
            var monitor = new MsprtMonitor(settings);
            var control = new MeanAccumulator();
            var treatment = new MeanAccumulator();
            for (var i = 0; i < observations; i++)
            {
                (random.NextDouble() < treatmentShare ? treatment : control).Add(random.NextGaussian(Math.Log(50), 0.5));
                if (monitor.Update(control, treatment).Reject)
                {
                    rejections++;
                    break;
                }
            }
        }

        AssertRate($"mSPRT A/A log-latency ({alternative}, share {treatmentShare}, α {alpha}, {observations} obs)", rejections, runs, alpha);
    }

    [Fact]
    public void Msprt_IdenticalErrorRates_FalsePositiveRateWithinAlpha()
    {
        const double alpha = 0.05;
        var random = new Random(77);
        var settings = new MsprtSettings { Tau = 0.01, Alpha = alpha, MinSamplesPerArm = 500 };
        var rejections = 0;
        for (var run = 0; run < Runs; run++)
        {
            var monitor = new MsprtMonitor(settings);
            var control = new EventAccumulator();
            var treatment = new EventAccumulator();
            for (var i = 0; i < 4_000; i++)
            {
                (random.NextDouble() < 0.5 ? treatment : control).Add(random.NextDouble() < 0.02);
                if (monitor.Update(control, treatment).Reject)
                {
                    rejections++;
                    break;
                }
            }
        }

        AssertRate("mSPRT A/A error rate 2 % (two-sided, α 0.05, 4000 obs)", rejections, Runs, alpha);
    }

    [Theory]
    [InlineData(AlternativeHypothesis.TwoSided, 0.05)]
    [InlineData(AlternativeHypothesis.Greater, 0.01)]
    public void CountTest_EventsAtConfiguredShares_FalsePositiveRateWithinAlpha(AlternativeHypothesis alternative, double alpha)
    {
        // The canary's steps: the share changes twice, so the product of factors is under test too.
        (double Share, int Events)[] segments = [(0.1, 1000), (0.25, 1000), (0.5, 1000)];
        var random = new Random(424242);
        var rejections = 0;
        for (var run = 0; run < Runs; run++)
        {
            var monitor = new CountTestMonitor(new CountTestSettings { Alpha = alpha, Alternative = alternative });
            if (RejectsSomewhere(monitor, segments, random))
            {
                rejections++;
            }
        }

        AssertRate($"count test A/A ({alternative}, α {alpha}, shares 10/25/50 %, 3000 events)", rejections, Runs, alpha);
    }

    private static bool RejectsSomewhere(CountTestMonitor monitor, (double Share, int Events)[] segments, Random random)
    {
        foreach (var (share, events) in segments)
        {
            for (var i = 0; i < events; i++)
            {
                var inTreatment = random.NextDouble() < share;
                if (monitor.Update(inTreatment ? 1 : 0, inTreatment ? 0 : 1, share).Reject)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private void AssertRate(string name, int rejections, int runs, double alpha)
    {
        var rate = (double)rejections / runs;
        var limit = SimulationBounds.FalsePositiveLimit(alpha, runs);
        output.WriteLine($"{name}: {rejections}/{runs} runs rejected = {rate:P2} (limit {limit:P2})");
        Assert.True(rate <= limit, $"{name}: false-positive rate {rate:P2} exceeds {limit:P2}");
    }
}
