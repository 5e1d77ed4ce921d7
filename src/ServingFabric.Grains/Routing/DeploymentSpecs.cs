using ServingFabric.Models;

namespace ServingFabric.Grains.Routing;

/// <summary>
/// Compares specs by content (records compare their lists by reference, but a re-read of the same repository
/// must not bump the revision and flush every front's cache), and describes a deployment for the event log.
/// </summary>
internal static class DeploymentSpecs
{
    public static bool AreEquivalent(ModelDeploymentSpec a, ModelDeploymentSpec b) =>
        a.Name == b.Name
        && a.DefaultVersion == b.DefaultVersion
        && a.ReplicasPerVersion == b.ReplicasPerVersion
        && a.Versions.SequenceEqual(b.Versions)
        && AreEquivalent(a.Config, b.Config);

    private static bool AreEquivalent(ModelConfig a, ModelConfig b) =>
        a.Platform == b.Platform
        && a.MaxBatchSize == b.MaxBatchSize
        && a.EngineThreads == b.EngineThreads
        && a.DefaultVersion == b.DefaultVersion
        && a.Deterministic == b.Deterministic
        && a.Replicas == b.Replicas
        && a.Slo == b.Slo
        && a.Probe == b.Probe
        && AreEquivalent(a.DynamicBatching, b.DynamicBatching)
        && AreEquivalent(a.Versions, b.Versions);

    private static bool AreEquivalent(DynamicBatchingSpec? a, DynamicBatchingSpec? b) =>
        a is null || b is null
            ? a is null && b is null
            : a.MaxQueueDelayMicroseconds == b.MaxQueueDelayMicroseconds
              && a.MaxQueueSize == b.MaxQueueSize
              && (a.PreferredBatchSizes ?? []).SequenceEqual(b.PreferredBatchSizes ?? []);

    private static bool AreEquivalent(IReadOnlyDictionary<string, ModelVersionConfig>? a, IReadOnlyDictionary<string, ModelVersionConfig>? b)
    {
        a ??= new Dictionary<string, ModelVersionConfig>();
        b ??= new Dictionary<string, ModelVersionConfig>();
        return a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && other == pair.Value);
    }

    /// <summary>The event of a deployment: versions, default (and whether it was kept over config.json's), replicas, retired versions left out.</summary>
    public static string DescribeDeployed(ModelDeploymentSpec spec, IReadOnlyList<string> active, string defaultVersion, long revision)
    {
        var kept = defaultVersion != spec.DefaultVersion ? $" (kept over config.json's {spec.DefaultVersion})" : "";
        var retired = spec.Versions.Except(active).ToList();
        var stillRetired = retired.Count > 0 ? $"; retired, left out: [{string.Join(", ", retired)}]" : "";
        return $"model {spec.Name} deployed at revision {revision}: versions [{string.Join(", ", active)}], default {defaultVersion}{kept}, {spec.ReplicasPerVersion} replica(s) per version{stillRetired}";
    }
}
