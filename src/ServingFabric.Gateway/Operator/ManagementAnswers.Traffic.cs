using ServingFabric.Contracts.Traffic;
using ServingFabric.Releases;

namespace ServingFabric.Gateway.Operator;

internal static partial class ManagementAnswers
{
    private static TrafficResponse Traffic(TrafficPolicy? policy)
    {
        // The router has no policy until something is set: that is the empty policy (all to the default), not unknown.
        var traffic = policy ?? TrafficPolicy.None;
        return new TrafficResponse(
            [.. traffic.Weights.Select(w => new TrafficWeight { Version = w.Version, Percent = w.Percent })],
            traffic.Mirror is { } mirror ? new TrafficWeight { Version = mirror.Version, Percent = mirror.Percent } : null,
            [.. (traffic.Faults ?? []).Select(f => new FaultResponse(f.Version, Finite(f.AbortPercent), f.AbortStatus, Finite(f.DelayPercent), Finite(f.Delay.TotalMilliseconds)))],
            traffic.Experiment is { } arms
                ? new ExperimentArmsResponse(arms.Id, Kind(arms.Kind), arms.Control, arms.Candidate, Finite(arms.SlowThreshold?.TotalMilliseconds))
                : null);
    }
}
