using ServingFabric.Contracts.Scaling;
using ServingFabric.Scaling;

namespace ServingFabric.Gateway.Operator;

internal static partial class ManagementAnswers
{
    /// <summary>A model's scaling: settings, replicas per version and recent decisions with their inputs; <paramref name="model"/> is null inside the model.</summary>
    public static ScalingResponse Scaling(string? model, ScalingView scaling)
    {
        var settings = scaling.Settings;
        return new ScalingResponse(
            model,
            new ScalingSettingsResponse(
                settings.MinReplicas,
                settings.MaxReplicas,
                Finite(settings.TargetInFlightPerReplica),
                Finite(settings.TargetQueueDepthPerReplica),
                Finite(settings.TargetP95Latency?.TotalMilliseconds),
                Finite(settings.MaxCpuPercent),
                Finite(settings.MaxMemoryPercent),
                Finite(settings.ScaleDownStabilization?.TotalSeconds),
                Finite(settings.ScaleUpStabilization?.TotalSeconds),
                settings.MaxConcurrency,
                settings.MaxQueueLength,
                Finite(settings.QueueTimeout?.TotalSeconds)),
            Sorted(scaling.ReplicasByVersion),
            Sorted(scaling.ServingByVersion),
            [.. scaling.RecentDecisions.Select(d => new ScalingDecisionResponse(d.At, d.Version, d.From, d.To, d.Reason,
                new SortedDictionary<string, double?>(d.Inputs.ToDictionary(i => i.Key, i => Finite(i.Value)), StringComparer.Ordinal)))]);
    }

    /// <summary>Versions in ordinal order, so the same state always reads the same.</summary>
    private static SortedDictionary<string, int> Sorted(IReadOnlyDictionary<string, int> counts) =>
        new(counts.ToDictionary(c => c.Key, c => c.Value), StringComparer.Ordinal);
}
