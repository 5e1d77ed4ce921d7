using ServingFabric.Traffic.Rollouts;
using ServingFabric.Traffic.Tests.Statistics;

namespace ServingFabric.Traffic.Tests.Rollouts;

/// <summary>
/// Seeded requests split between two versions, flushed as <see cref="ReleaseObservations"/> deltas like a front
/// would. Slow means slower than the control's p95 (median · e^(1.645σ)), the baseline taken before the release.
/// </summary>
internal sealed class TrafficGenerator(int seed, ArmProfile control, ArmProfile candidate)
{
    private readonly Random _random = new(seed);
    private readonly double _slowThresholdMilliseconds = control.MedianMilliseconds * Math.Exp(1.645 * control.LogSigma);

    public ReleaseObservations Next(int requests, double candidatePercent)
    {
        var delta = new ReleaseObservations();
        for (var i = 0; i < requests; i++)
        {
            var isCandidate = _random.NextDouble() * 100 < candidatePercent;
            var profile = isCandidate ? candidate : control;
            var arm = isCandidate ? delta.Candidate : delta.Control;
            var latency = profile.MedianMilliseconds * Math.Exp(_random.NextGaussian(0, profile.LogSigma));
            arm.RecordRequest(TimeSpan.FromMilliseconds(latency), _random.NextDouble() < profile.ErrorRate, latency > _slowThresholdMilliseconds);
            arm.RecordReward(_random.NextGaussian(profile.RewardMean, profile.RewardSigma));
        }

        return delta;
    }
}
