using ServingFabric.Traffic.Statistics;
using Xunit.Abstractions;

namespace ServingFabric.Traffic.Tests.Statistics;

/// <summary>The always-valid interval covers the true difference at every look, in at least 1 - α of runs.</summary>
public sealed class CoverageSimulationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.5, 5_000, 1000)]
    [InlineData(0.1, 10_000, 500)]
    public void ConfidenceSequence_TrueDifference_CoveredAtAllTimes(double treatmentShare, int observations, int runs)
    {
        const double alpha = 0.05;
        const double trueDifference = 0.2;
        var random = new Random(99);
        var settings = new MsprtSettings { Tau = 0.2, Alpha = alpha, MinSamplesPerArm = 500 };
        var missed = 0;
        for (var run = 0; run < runs; run++)
        {
            var control = new MeanAccumulator();
            var treatment = new MeanAccumulator();
            for (var i = 0; i < observations; i++)
            {
                var isTreatment = random.NextDouble() < treatmentShare;
                (isTreatment ? treatment : control).Add(random.NextGaussian(isTreatment ? 1.0 + trueDifference : 1.0, 1.0));
                var result = Msprt.Test(control, treatment, settings);
                if (result.IsBurnedIn && !result.Interval.Contains(trueDifference))
                {
                    missed++;
                    break;
                }
            }
        }

        var coverage = 1.0 - ((double)missed / runs);
        output.WriteLine($"always-valid 95 % CI, share {treatmentShare}, {observations} obs, checked every observation: covered at all times in {coverage:P1} of {runs} runs");
        Assert.True(coverage >= 1 - alpha, $"coverage {coverage:P1} below {1 - alpha:P0}");
    }
}
