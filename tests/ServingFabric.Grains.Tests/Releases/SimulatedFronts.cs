using ServingFabric.Releases;
using ServingFabric.Traffic.Statistics;

namespace ServingFabric.Grains.Tests.Releases;

/// <summary>
/// Seeded requests split between two versions, flushed as a front's <see cref="OutcomeReport"/>: every request in
/// Versions, and (while a release runs) in Arms tagged with its id. A request is slow when the release's threshold
/// is set and its latency exceeds it, as fronts count them.
/// </summary>
internal sealed class SimulatedFronts(int seed)
{
    private readonly Random _random = new(seed);

    public OutcomeReport Flush(ExperimentArms? arms, string control, SimulatedArm controlArm, string candidate, SimulatedArm candidateArm, double candidatePercent, int requests)
    {
        var versions = new[] { new Tally(control), new Tally(candidate) };
        for (var i = 0; i < requests; i++)
        {
            var isCandidate = _random.NextDouble() * 100 < candidatePercent;
            var profile = isCandidate ? candidateArm : controlArm;
            var latency = profile.MedianMilliseconds * Math.Exp(Gaussian(0, profile.LogSigma));
            versions[isCandidate ? 1 : 0].Add(latency, _random.NextDouble() < profile.ErrorRate, latency > arms?.SlowThreshold?.TotalMilliseconds, Gaussian(profile.RewardMean, profile.RewardSigma));
        }

        var outcomes = versions.Where(v => v.Requests > 0).Select(v => v.ToOutcomes()).ToList();
        return new OutcomeReport("simulated front", arms?.Id, TimeSpan.FromSeconds(1), outcomes, null, arms is null ? null : outcomes);
    }

    private double Gaussian(double mean, double sd)
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return mean + (sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }

    private sealed class Tally(string version)
    {
        private readonly MeanAccumulator _logLatency = new();
        private readonly MeanAccumulator _reward = new();
        private readonly long[] _histogram = new long[LatencyBuckets.Count];
        private long _errors;
        private long _slow;

        public long Requests { get; private set; }

        public void Add(double latencyMs, bool failed, bool slow, double reward)
        {
            Requests++;
            _errors += failed ? 1 : 0;
            _slow += slow ? 1 : 0;
            _logLatency.Add(Math.Log(latencyMs));
            _histogram[LatencyBuckets.IndexOf(latencyMs)]++;
            _reward.Add(reward);
        }

        public VersionOutcomes ToOutcomes() => new(version, Requests, _errors, _slow, _logLatency.Count, _logLatency.Mean, _logLatency.M2,
            _reward.Count, _reward.Mean, _reward.M2, _histogram);
    }
}
