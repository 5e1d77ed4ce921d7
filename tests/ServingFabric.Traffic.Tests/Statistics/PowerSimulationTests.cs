using ServingFabric.Traffic.Statistics;
using Xunit.Abstractions;

namespace ServingFabric.Traffic.Tests.Statistics;

/// <summary>A known harm is detected within a stated number of requests in at least 90 % of runs.</summary>
public sealed class PowerSimulationTests(ITestOutputHelper output)
{
    private const int Runs = 500;

    [Theory]
    [InlineData(0.04, 20_000)] // +3 pp
    [InlineData(0.03, 40_000)] // +2 pp, the example in STATISTICS.md
    public void CountTest_CanaryWithMoreErrors_DetectedInNinetyPercent(double canaryErrorRate, int maxRequests)
    {
        const double share = 0.1;
        const double stableErrorRate = 0.01;
        var random = new Random(1234);
        var decidedAt = new List<long>();
        for (var run = 0; run < Runs; run++)
        {
            var monitor = new CountTestMonitor(new CountTestSettings { Alpha = 0.01, Alternative = AlternativeHypothesis.Greater });
            for (var request = 1; request <= maxRequests; request++)
            {
                var canary = random.NextDouble() < share;
                if (random.NextDouble() >= (canary ? canaryErrorRate : stableErrorRate))
                {
                    continue; // only failed requests are events
                }

                if (monitor.Update(canary ? 1 : 0, canary ? 0 : 1, share).Reject)
                {
                    decidedAt.Add(request);
                    break;
                }
            }
        }

        Report($"error count test, 1 % vs {canaryErrorRate:P0} at a 10 % canary, α 0.01", decidedAt, maxRequests);
    }

    [Fact]
    public void Msprt_CanaryTenPercentSlower_DetectedInNinetyPercent()
    {
        const double share = 0.1;
        const int maxRequests = 60_000;
        var shift = Math.Log(1.10);
        var random = new Random(4321);
        var settings = new MsprtSettings { Tau = Math.Log(1.10), Alpha = 0.01, Alternative = AlternativeHypothesis.Greater };
        var decidedAt = new List<long>();
        for (var run = 0; run < Runs; run++)
        {
            var monitor = new MsprtMonitor(settings);
            var stable = new MeanAccumulator();
            var canary = new MeanAccumulator();
            for (var request = 1; request <= maxRequests; request++)
            {
                var isCanary = random.NextDouble() < share;
                (isCanary ? canary : stable).Add(random.NextGaussian(Math.Log(50) + (isCanary ? shift : 0), 1.0));
                if (monitor.Update(stable, canary).Reject)
                {
                    decidedAt.Add(request);
                    break;
                }
            }
        }

        Report("latency mSPRT, canary 10 % slower (log-latency sd 1.0) at a 10 % canary, α 0.01, burn-in 500/arm", decidedAt, maxRequests);
    }

    private void Report(string name, List<long> decidedAt, int maxRequests)
    {
        var power = (double)decidedAt.Count / Runs;
        var median = decidedAt.Count > 0 ? SimulationBounds.Median(decidedAt) : double.NaN;
        var p90 = decidedAt.Count > 0 ? decidedAt[(int)(0.9 * (decidedAt.Count - 1))] : 0;
        output.WriteLine($"{name}: detected in {power:P1} of {Runs} runs within {maxRequests} requests; median {median} requests to decision (90th percentile of detected {p90})");
        Assert.True(power >= 0.9, $"{name}: power {power:P1} below 90 %");
    }
}
